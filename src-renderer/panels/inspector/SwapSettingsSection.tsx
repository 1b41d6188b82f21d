// Inspector: the active clip's swap settings (project version 4: each clip has its own; SwapSettingsSchema
// in src-shared/project/schema.ts). A new setting is one more control here.
import { DepthModelPanel } from '../depth/DepthModelPanel.tsx';
import { useStudio, useStudioState } from '../../components/context.ts';
import { activeClip } from '../../state/studio-state.ts';
import { DEFAULT_SWAP } from '../../../src-shared/project/schema.ts';
import { Section, Unavailable } from './Section.tsx';

export function SwapSettingsSection() {
  const studio = useStudio();
  const caps = useStudioState((s) => s.capabilities);
  const clip = useStudioState(activeClip);
  const swap = clip?.swap ?? DEFAULT_SWAP;
  const set = studio.clip.setSwap.bind(studio.clip);
  const swapReason = caps?.swap.available ? null : (caps?.swap.reason ?? 'checking the engine...');
  return (
    <Section title="Swap settings (this clip)">
      <label title="shrinks the face matte; in percent of the face size, so it follows the face">
        Mask erode {swap.maskErode}% of the face
        <input
          data-testid="mask-erode"
          type="range"
          min={0}
          max={20}
          step={0.5}
          disabled={!clip}
          value={swap.maskErode}
          onChange={(e) => set('maskErode', Number(e.target.value))}
        />
      </label>
      <label title="softens the matte edge over this width, in percent of the face size">
        Mask feather {swap.maskFeather}% of the face
        <input
          data-testid="mask-feather"
          type="range"
          min={0}
          max={30}
          step={0.5}
          disabled={!clip}
          value={swap.maskFeather}
          onChange={(e) => set('maskFeather', Number(e.target.value))}
        />
      </label>
      <label title="0: the source photo's expression (the paper); 1: the face speaks, blinks and frowns with the actor">
        Expression from the target {Math.round(swap.expression * 100)}%
        <input
          data-testid="expression"
          type="range"
          min={0}
          max={1}
          step={0.05}
          disabled={!clip}
          value={swap.expression}
          onChange={(e) => set('expression', Number(e.target.value))}
        />
      </label>
      <label>
        <input
          data-testid="exclude-mouth"
          type="checkbox"
          disabled={!clip}
          checked={swap.excludeMouth}
          onChange={(e) => set('excludeMouth', e.target.checked)}
        />
        Keep the target's mouth interior (its own teeth and tongue)
      </label>
      <label>
        <input
          data-testid="color-transfer"
          type="checkbox"
          disabled={!clip}
          checked={swap.colorTransfer}
          onChange={(e) => set('colorTransfer', e.target.checked)}
        />
        Colour transfer (Lab mean / std)
      </label>
      <label title="local: a low-frequency colour field along the matte's edge, so forehead and cheeks meet the skin without a step">
        Seam colour
        <select
          data-testid="color-mode"
          disabled={!clip}
          value={swap.colorMode}
          onChange={(e) => set('colorMode', e.target.value === 'global' ? 'global' : 'local')}
        >
          <option value="local">local field</option>
          <option value="global">global only</option>
        </select>
      </label>
      <label>
        <input
          data-testid="poisson"
          type="checkbox"
          disabled={!clip}
          checked={swap.poisson}
          onChange={(e) => set('poisson', e.target.checked)}
        />
        Poisson edge blending
      </label>
      <label>
        Mirror source
        <select
          data-testid="mirror"
          disabled={!clip}
          value={swap.mirror}
          onChange={(e) => {
            const v = e.target.value;
            set('mirror', v === 'on' || v === 'off' ? v : 'auto');
          }}
        >
          <option value="auto">auto (per frame, from the yaws)</option>
          <option value="on">always mirrored</option>
          <option value="off">never</option>
        </select>
      </label>
      <DepthModelPanel />
      <Unavailable reason={swapReason ? `Swap preview: ${swapReason}` : null} />
    </Section>
  );
}
