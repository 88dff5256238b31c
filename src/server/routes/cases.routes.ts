import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './context';
import type { CaseCodesResponse } from '../../shared/case';

/** 数字城管 cases (一提升): the code list, the cases and their workflow (rules in src/shared/case.ts). */
export function registerCaseRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;

  app.get('/api/case-codes', async (): Promise<CaseCodesResponse> => {
    return { codes: await repos.cases.listCodes() };
  });
}
