import type { ServerModule } from '../../platform/context';
import { registerCaseRoutes } from './cases.routes';
import { registerCaseMapRoutes } from './case-map.routes';

export { caseActorInfo, registerCaseRejoinHook } from './cases.routes';
export type { CaseActorInfo } from './cases.repo';

/** 数字城管 cases: workflow, import, the map's points and boxes, the join to zones. */
export const casesModule: ServerModule = async (app, { context }) => {
  registerCaseRoutes(app, context, { now: context.now });
  registerCaseMapRoutes(app, context);
};
