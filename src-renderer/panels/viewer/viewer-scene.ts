// The viewer's three.js scene: the current frame as a texture on a plane in image-pixel units, overlays of the
// 68 keypoints and the triangle mesh the engine warps with, zoom around the cursor and pan. World x = image x,
// world y = -image y; the orthographic camera works in screen pixels divided by zoom.
import * as THREE from 'three';
import { expandToMesh, MESH_TRIANGLES } from '../../../src-shared/geometry/face-mesh.ts';

const KEYPOINT_COLOR = new THREE.Color('#35e0a1');
const EDITED_COLOR = new THREE.Color('#ffb020');
const SELECTED_COLOR = new THREE.Color('#ff4d6d');

function meshEdges(): Uint32Array {
  const seen = new Set<string>();
  const edges: number[] = [];
  for (let t = 0; t < MESH_TRIANGLES.length; t += 3) {
    const tri = [MESH_TRIANGLES[t]!, MESH_TRIANGLES[t + 1]!, MESH_TRIANGLES[t + 2]!];
    for (let e = 0; e < 3; e++) {
      const a = Math.min(tri[e]!, tri[(e + 1) % 3]!);
      const b = Math.max(tri[e]!, tri[(e + 1) % 3]!);
      const key = `${a}-${b}`;
      if (!seen.has(key)) {
        seen.add(key);
        edges.push(a, b);
      }
    }
  }
  return Uint32Array.from(edges);
}

export class ViewerScene {
  readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.OrthographicCamera(-1, 1, 1, -1, -10, 10);
  private readonly plane: THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial>;
  private readonly points: THREE.Points<THREE.BufferGeometry, THREE.PointsMaterial>;
  private readonly mesh: THREE.LineSegments<THREE.BufferGeometry, THREE.LineBasicMaterial>;
  private readonly edges = meshEdges();
  private texture: THREE.Texture | null = null;
  /** Wipe compare: a second image over the first, shown left of the wipe line only. */
  private readonly wipePlane: THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial>;
  private readonly wipeClip = new THREE.Plane(new THREE.Vector3(-1, 0, 0), 0);
  private wipeTexture: THREE.Texture | null = null;
  private imageSize = { width: 0, height: 0 };
  private viewSize = { width: 1, height: 1 };
  private keypoints: readonly (readonly [number, number])[] | null = null;
  private fitted = false;

  constructor(canvas: HTMLCanvasElement) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(window.devicePixelRatio);
    this.renderer.setClearColor('#111318');
    this.plane = new THREE.Mesh(
      new THREE.PlaneGeometry(1, 1),
      new THREE.MeshBasicMaterial({ color: 0xffffff }),
    );
    this.plane.visible = false;
    this.scene.add(this.plane);
    this.renderer.localClippingEnabled = true;
    this.wipePlane = new THREE.Mesh(
      new THREE.PlaneGeometry(1, 1),
      new THREE.MeshBasicMaterial({ color: 0xffffff, clippingPlanes: [this.wipeClip] }),
    );
    this.wipePlane.position.z = 0.5;
    this.wipePlane.visible = false;
    this.scene.add(this.wipePlane);
    const pointGeometry = new THREE.BufferGeometry();
    this.points = new THREE.Points(
      pointGeometry,
      new THREE.PointsMaterial({ size: 7, sizeAttenuation: false, vertexColors: true, depthTest: false }),
    );
    this.points.position.z = 2;
    this.points.visible = false;
    this.scene.add(this.points);
    this.mesh = new THREE.LineSegments(
      new THREE.BufferGeometry(),
      new THREE.LineBasicMaterial({ color: '#4fa3ff', transparent: true, opacity: 0.55, depthTest: false }),
    );
    this.mesh.position.z = 1;
    this.mesh.visible = false;
    this.scene.add(this.mesh);
  }

  setImage(source: ImageBitmap | HTMLImageElement, width: number, height: number): void {
    const texture = new THREE.Texture(source);
    texture.colorSpace = THREE.SRGBColorSpace;
    texture.minFilter = THREE.LinearFilter;
    texture.generateMipmaps = false;
    texture.needsUpdate = true;
    this.texture?.dispose();
    this.texture = texture;
    this.plane.material.map = texture;
    this.plane.material.needsUpdate = true;
    this.plane.scale.set(width, height, 1);
    this.plane.position.set(width / 2, -height / 2, 0);
    this.plane.visible = true;
    const sizeChanged = width !== this.imageSize.width || height !== this.imageSize.height;
    this.imageSize = { width, height };
    if (sizeChanged || !this.fitted) this.fit();
    this.render();
  }

  /**
   * Wipe compare: `source` (same size as the frame) shown over the frame left of `fraction` of its width;
   * null removes it.
   */
  setWipe(source: ImageBitmap | null, fraction: number): void {
    if (!source) {
      this.wipePlane.visible = false;
      this.render();
      return;
    }
    if (!this.wipeTexture || this.wipeTexture.image !== source) {
      const texture = new THREE.Texture(source);
      texture.colorSpace = THREE.SRGBColorSpace;
      texture.minFilter = THREE.LinearFilter;
      texture.generateMipmaps = false;
      texture.needsUpdate = true;
      this.wipeTexture?.dispose();
      this.wipeTexture = texture;
      this.wipePlane.material.map = texture;
      this.wipePlane.material.needsUpdate = true;
    }
    const { width, height } = this.imageSize;
    this.wipePlane.scale.set(width, height, 1);
    this.wipePlane.position.set(width / 2, -height / 2, 0.5);
    this.wipeClip.constant = Math.min(1, Math.max(0, fraction)) * width;
    this.wipePlane.visible = true;
    this.render();
  }

  clearImage(): void {
    this.plane.visible = false;
    this.render();
  }

  setOverlay(
    keypoints: readonly (readonly [number, number])[] | null,
    opts: { selection: ReadonlySet<number>; edited: boolean; showPoints: boolean; showMesh: boolean },
  ): void {
    this.keypoints = keypoints;
    if (!keypoints) {
      this.points.visible = false;
      this.mesh.visible = false;
      this.render();
      return;
    }
    const pos = new Float32Array(keypoints.length * 3);
    const col = new Float32Array(keypoints.length * 3);
    keypoints.forEach((p, i) => {
      pos.set([p[0], -p[1], 0], i * 3);
      const c = opts.selection.has(i) ? SELECTED_COLOR : opts.edited ? EDITED_COLOR : KEYPOINT_COLOR;
      col.set([c.r, c.g, c.b], i * 3);
    });
    this.points.geometry.setAttribute('position', new THREE.BufferAttribute(pos, 3));
    this.points.geometry.setAttribute('color', new THREE.BufferAttribute(col, 3));
    this.points.geometry.computeBoundingSphere();
    this.points.visible = opts.showPoints;
    if (opts.showMesh) {
      const flat = new Float64Array(keypoints.length * 2);
      keypoints.forEach((p, i) => flat.set(p, i * 2));
      const verts = expandToMesh(flat, 2);
      const meshPos = new Float32Array((verts.length / 2) * 3);
      for (let i = 0; i < verts.length / 2; i++) meshPos.set([verts[i * 2]!, -verts[i * 2 + 1]!, 0], i * 3);
      this.mesh.geometry.setAttribute('position', new THREE.BufferAttribute(meshPos, 3));
      this.mesh.geometry.setIndex(new THREE.BufferAttribute(this.edges, 1));
      this.mesh.geometry.computeBoundingSphere();
    }
    this.mesh.visible = opts.showMesh;
    this.render();
  }

  resize(width: number, height: number): void {
    this.viewSize = { width: Math.max(1, width), height: Math.max(1, height) };
    this.renderer.setSize(this.viewSize.width, this.viewSize.height, false);
    this.updateFrustum();
    this.render();
  }

  private updateFrustum(): void {
    const { width, height } = this.viewSize;
    this.camera.left = -width / 2;
    this.camera.right = width / 2;
    this.camera.top = height / 2;
    this.camera.bottom = -height / 2;
    this.camera.updateProjectionMatrix();
  }

  fit(): void {
    const { width, height } = this.imageSize;
    if (width === 0) return;
    this.camera.zoom = Math.min(this.viewSize.width / width, this.viewSize.height / height) * 0.95;
    this.camera.position.set(width / 2, -height / 2, 5);
    this.camera.updateProjectionMatrix();
    this.fitted = true;
    this.render();
  }

  get zoom(): number {
    return this.camera.zoom;
  }

  /** Image pixel coordinates under a canvas-relative point (CSS pixels). */
  toImage(x: number, y: number): [number, number] {
    const wx = this.camera.position.x + (x - this.viewSize.width / 2) / this.camera.zoom;
    const wy = this.camera.position.y - (y - this.viewSize.height / 2) / this.camera.zoom;
    return [wx, -wy];
  }

  /** Canvas-relative CSS pixel position of an image point. */
  toCanvas(p: readonly [number, number]): [number, number] {
    return [
      (p[0] - this.camera.position.x) * this.camera.zoom + this.viewSize.width / 2,
      (-p[1] - this.camera.position.y) * -this.camera.zoom + this.viewSize.height / 2,
    ];
  }

  zoomAt(factor: number, x: number, y: number): void {
    const before = this.toImage(x, y);
    this.camera.zoom = Math.min(64, Math.max(0.05, this.camera.zoom * factor));
    this.camera.updateProjectionMatrix();
    const after = this.toImage(x, y);
    this.camera.position.x += before[0] - after[0];
    this.camera.position.y -= before[1] - after[1];
    this.render();
  }

  panBy(dx: number, dy: number): void {
    this.camera.position.x -= dx / this.camera.zoom;
    this.camera.position.y += dy / this.camera.zoom;
    this.render();
  }

  /** The keypoint within `radius` CSS pixels of (x, y), nearest first, or -1. */
  pick(x: number, y: number, radius = 9): number {
    if (!this.keypoints || !this.points.visible) return -1;
    let best = -1;
    let bestD = radius * radius;
    this.keypoints.forEach((p, i) => {
      const [cx, cy] = this.toCanvas(p);
      const d = (cx - x) ** 2 + (cy - y) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = i;
      }
    });
    return best;
  }

  /** Keypoints inside a canvas-space rectangle (box selection). */
  pickRect(x0: number, y0: number, x1: number, y1: number): number[] {
    if (!this.keypoints) return [];
    const [minX, maxX, minY, maxY] = [Math.min(x0, x1), Math.max(x0, x1), Math.min(y0, y1), Math.max(y0, y1)];
    const out: number[] = [];
    this.keypoints.forEach((p, i) => {
      const [cx, cy] = this.toCanvas(p);
      if (cx >= minX && cx <= maxX && cy >= minY && cy <= maxY) out.push(i);
    });
    return out;
  }

  render(): void {
    this.renderer.render(this.scene, this.camera);
  }

  dispose(): void {
    this.texture?.dispose();
    this.wipeTexture?.dispose();
    this.wipePlane.geometry.dispose();
    this.wipePlane.material.dispose();
    this.plane.geometry.dispose();
    this.plane.material.dispose();
    this.points.geometry.dispose();
    this.points.material.dispose();
    this.mesh.geometry.dispose();
    this.mesh.material.dispose();
    this.renderer.dispose();
  }
}
