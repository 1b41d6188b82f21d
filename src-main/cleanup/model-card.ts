// The model card of a cleanup model (MODEL_CARD.md in its folder): what it is, what it was trained on,
// with which settings, how far, and the measured numbers when an eval has added them.
import type { CleanupMeta } from './model-meta.ts';

export function modelCard(meta: CleanupMeta): string {
  const c = meta.config;
  const last = meta.training['last'] as Record<string, number> | null | undefined;
  const lines = [
    '# DepthSwap cleanup model (CycleGAN, residual)',
    '',
    'Maps "face swapped in and pasted" (domain A) to "real face of this shot" (domain B): a ResNet',
    'generator whose output is a bounded residual confined to the face matte (low-frequency, blended',
    'in by the matte), trained as a CycleGAN (Zhu et al. 2017: LSGAN, cycle L1, identity L1, image pool)',
    'with SimGAN self-regularisation, matte-weighted discriminator patches and a paired colour term (docs/cleanup.md).',
    '',
    '## Training',
    `- steps: ${meta.steps} of ${String(meta.training['stepsPlanned'] ?? '?')}, seed ${meta.seed}, ${String(meta.training['seconds'] ?? '?')} s on ${String(meta.training['backend'] ?? '?')} (TF.js ${String(meta.training['tfjs'] ?? '?')})`,
    `- data: ${String(meta.training['data'] ?? '')}; ${meta.crops.a} crops A, ${meta.crops.b} crops B`,
    `- clip: ${meta.clip ? `${meta.clip.path} (${meta.clip.width}x${meta.clip.height}, ${meta.clip.frameCount} frames)` : 'none recorded'}`,
    `- source: ${meta.source ?? 'none recorded'}`,
    '',
    '## Settings',
    `- crop ${c.size} px, ngf ${c.ngf}, ${c.blocks} residual blocks, ndf ${c.ndf}, ${c.discLayers} discriminator layers`,
    `- lambda cycle ${c.lambdaCycle}, identity ${c.lambdaIdentity} x lambda, pool ${c.poolSize}, Adam ${c.learningRate} beta1 ${c.beta1}, linear decay over the last ${c.decayFraction * 100} %`,
    `- residual: at most ${c.residualScale}, interior weight ${c.interiorWeight}, low-pass cell ${c.lowpassCell} px + ${c.highWeight} of the detail`,
    `- self-regularisation ${c.lambdaSelfReg}, discriminator patches by the matte ${c.discMatte ? `(dilated ${c.discMatteDilate} px)` : 'off'}, paired colour term ${c.lambdaColour} (${c.colourRegion}, cells of ${c.colourCell} px)`,
    '',
    '## Losses at the last checkpoint',
    last
      ? `- G ${last['g']?.toFixed(4)}, D ${last['d']?.toFixed(4)}, cycle ${last['cycle']?.toFixed(4)}, identity ${last['identity']?.toFixed(4)}, change ${(last['selfReg'] ?? 0).toFixed(4)}, colour ${(last['colour'] ?? 0).toFixed(4)}`
      : '- none yet',
    '',
    '## Measured',
    ...(meta.metrics
      ? Object.entries(meta.metrics).map(([k, v]) => `- ${k}: ${JSON.stringify(v)}`)
      : ['- not measured (tests/eval/cleanup-eval.ts adds the numbers)']),
    '',
  ];
  return lines.join('\n');
}
