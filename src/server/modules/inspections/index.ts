import type { ServerModule } from '../../platform/context';
import { CHECKLISTS } from './checklist-store';
import { registerInspectionRoutes } from './inspections.routes';

export { checklistOf } from './checklist-store';
export { seedSampleInspections } from './sample-inspections';

/** 月度自查 (monthly self-inspections) and the 评分细则 (checklists) they and 季检查 are scored on. */
export const inspectionsModule: ServerModule = async (app, { context }) => {
  CHECKLISTS(); // read and checked at start-up
  registerInspectionRoutes(app, context);
};
