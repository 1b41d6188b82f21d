// The depth view's three.js scene: the source face as a textured 3D mesh (the engine's triangle topology)
// whose vertices are the source keypoints lifted by DepthNet's predicted depth, orbitable.
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { expandToMesh, MESH_TRIANGLES } from '../../../src-shared/geometry/face-mesh.ts';
import type { DepthResult } from '../../../src-shared/api/schemas.ts';

export class DepthScene {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(35, 1, 1, 100_000);
  private readonly controls: OrbitControls;
  private readonly disposables: { dispose(): void }[] = [];
  private frameId = 0;

  constructor(canvas: HTMLCanvasElement) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(window.devicePixelRatio);
    this.renderer.setClearColor('#0d0f13');
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enableDamping = true;
    const loop = () => {
      this.controls.update();
      this.renderer.render(this.scene, this.camera);
      this.frameId = requestAnimationFrame(loop);
    };
    this.frameId = requestAnimationFrame(loop);
  }

  /** Builds the mesh: x right, y up, z = predicted depth (source pixels), centred on the keypoints. */
  show(result: DepthResult, texture: HTMLImageElement | null): void {
    const xyz = new Float64Array(68 * 3);
    let cx = 0;
    let cy = 0;
    let cz = 0;
    result.keypoints.forEach((p, i) => {
      const z = result.depth[i]!;
      xyz.set([p[0], p[1], z], i * 3);
      cx += p[0] / 68;
      cy += p[1] / 68;
      cz += z / 68;
    });
    const verts = expandToMesh(xyz, 3);
    const n = verts.length / 3;
    const pos = new Float32Array(n * 3);
    const uv = new Float32Array(n * 2);
    let radius = 1;
    for (let i = 0; i < n; i++) {
      const x = verts[i * 3]!;
      const y = verts[i * 3 + 1]!;
      const z = verts[i * 3 + 2]!;
      pos.set([x - cx, -(y - cy), z - cz], i * 3);
      uv.set([x / result.width, 1 - y / result.height], i * 2);
      radius = Math.max(radius, Math.hypot(x - cx, y - cy));
    }
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(pos, 3));
    geometry.setAttribute('uv', new THREE.BufferAttribute(uv, 2));
    geometry.setIndex(new THREE.BufferAttribute(Uint32Array.from(MESH_TRIANGLES), 1));
    geometry.computeVertexNormals();
    let map: THREE.Texture | null = null;
    if (texture) {
      map = new THREE.Texture(texture);
      map.colorSpace = THREE.SRGBColorSpace;
      map.needsUpdate = true;
      this.disposables.push(map);
    }
    const material = new THREE.MeshBasicMaterial({
      map,
      color: map ? 0xffffff : 0x8899aa,
      side: THREE.DoubleSide,
    });
    const wire = new THREE.LineSegments(
      new THREE.WireframeGeometry(geometry),
      new THREE.LineBasicMaterial({ color: '#4fa3ff', transparent: true, opacity: 0.35 }),
    );
    const points = new THREE.Points(
      new THREE.BufferGeometry().setAttribute('position', new THREE.BufferAttribute(pos.slice(0, 68 * 3), 3)),
      new THREE.PointsMaterial({ color: '#35e0a1', size: 5, sizeAttenuation: false }),
    );
    this.scene.add(new THREE.Mesh(geometry, material), wire, points);
    this.disposables.push(geometry, material, wire.geometry, wire.material, points.geometry, points.material);
    this.camera.position.set(radius * 1.2, radius * 0.4, radius * 3.2);
    this.camera.lookAt(0, 0, 0);
    this.controls.target.set(0, 0, 0);
    this.controls.update();
  }

  resize(width: number, height: number): void {
    this.renderer.setSize(Math.max(1, width), Math.max(1, height), false);
    this.camera.aspect = Math.max(1, width) / Math.max(1, height);
    this.camera.updateProjectionMatrix();
  }

  dispose(): void {
    cancelAnimationFrame(this.frameId);
    this.controls.dispose();
    for (const d of this.disposables) d.dispose();
    this.renderer.dispose();
  }
}
