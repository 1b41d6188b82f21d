// The inspector column: one section per feature, each its own component in this folder (or its panel's
// folder). A capability the engine lacks is a disabled control with the reason, never a fake. New panels
// (render queue, cleanup training) mount here with one line each.
import { AnalysisSection } from './AnalysisSection.tsx';
import { KeypointsSection } from './KeypointsSection.tsx';
import { ViewSection } from './ViewSection.tsx';
import { SwapSettingsSection } from './SwapSettingsSection.tsx';
import { DepthSection } from './DepthSection.tsx';
import { RenderSection } from './RenderSection.tsx';
import { SourceSection } from '../source-check/SourceSection.tsx';

export function Inspector() {
  return (
    <div className="inspector" data-testid="inspector">
      <AnalysisSection />
      <SourceSection />
      <KeypointsSection />
      <ViewSection />
      <SwapSettingsSection />
      <DepthSection />
      <RenderSection />
    </div>
  );
}
