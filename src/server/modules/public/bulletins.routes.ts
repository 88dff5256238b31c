import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { foundOr404 } from '../../platform/found';
import { idParams } from '../../platform/params';
import { writeActor } from '../../platform/auth/guard';
import { etagOf, expectedVersion, staleProblem } from '../../platform/preconditions';
import { monthlyReport, type ReportContext } from '../reports';
import type { NewBulletin } from './bulletins.rows';
import { monthRange } from '../../../shared/reports/assessment';
import {
  bulletinContent,
  bulletinPatchSchema,
  defaultBulletinTitle,
  newBulletinBodySchema,
  publicBulletin,
  publicBulletinSummary,
  type Bulletin,
  type PublicBulletin,
  type PublicBulletinList,
} from '../../../shared/public/bulletins';

const bulletinParams = idParams('bulletin');

/**
 * The draft of a month (400 for a month not begun): the 月报告's town figures, the items' progress as of now, what was
 * fixed and the residents' reports handled in the month; the default title and the town commentary as its text.
 */
export async function bulletinDraft(context: ReportContext, month: string): Promise<NewBulletin> {
  const { repos } = context;
  const report = await monthlyReport(context, month);
  const config = await context.campaign();
  const { from, to } = monthRange(month);
  const [zones, facts] = await Promise.all([
    repos.zones.listZones({}, context.today()),
    repos.bulletins.monthFacts(from, to),
  ]);
  const { content, items } = bulletinContent({
    figures: report.town,
    items: config.items.filter((item) => item.applicable),
    zones: zones.map((zone) => zone.properties),
    fixed: facts.fixed,
    residents: facts.residents,
  });
  return { month, title: defaultBulletinTitle(month), text: report.town.commentary?.text ?? '', items, content };
}

const isPublished = (bulletin: Bulletin): bulletin is Bulletin & { publishedAt: string } =>
  bulletin.status === 'published' && bulletin.publishedAt !== null;

/**
 * The monthly 公开通报 (docs/public.md): the office generates a month's draft from the 月报告, edits it (If-Match) and
 * publishes it; staff read drafts, residents read the published ones through `/api/public/bulletins`.
 */
export function registerBulletinRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;
  const now = () => context.now().toISOString();

  const bulletinOr404 = async (request: FastifyRequest) => {
    const { id } = parseOr400(bulletinParams, request.params, 'bulletin id');
    return foundOr404(await repos.bulletins.byId(id), 'Bulletin', id);
  };
  const withEtag = (reply: FastifyReply, bulletin: Bulletin) => {
    reply.header('ETag', etagOf(bulletin.version));
    reply.header('Cache-Control', 'no-cache');
    return bulletin;
  };
  /** The write's answer, or 412 with the bulletin as it is now when someone else changed it first. */
  const written = async (reply: FastifyReply, id: number, result: Bulletin | null) => {
    if (result) return withEtag(reply, result);
    const current = foundOr404(await repos.bulletins.byId(id), 'Bulletin', id);
    throw staleProblem({ currentVersion: current.version, current });
  };

  app.get('/api/bulletins', async (_request, reply) => {
    reply.header('Cache-Control', 'no-cache');
    return { bulletins: await repos.bulletins.list(null) };
  });

  app.post('/api/bulletins', async (request, reply) => {
    const { month } = parseOr400(newBulletinBodySchema, request.body, 'bulletin');
    const draft = await bulletinDraft(context, month);
    const created = await repos.bulletins.create(draft, writeActor(request), now());
    if (!created) {
      const existing = (await repos.bulletins.list(null)).find((bulletin) => bulletin.month === month);
      throw new HttpProblem(409, `The bulletin of ${month} exists already: edit it`, undefined, {
        id: existing?.id ?? null,
      });
    }
    reply.code(201);
    return withEtag(reply, created);
  });

  app.get('/api/bulletins/:id', async (request, reply) => withEtag(reply, await bulletinOr404(request)));

  app.patch('/api/bulletins/:id', async (request, reply) => {
    const bulletin = await bulletinOr404(request);
    const version = expectedVersion(request, bulletin.version, bulletin);
    const patch = parseOr400(bulletinPatchSchema, request.body, 'bulletin');
    const known = new Set(bulletin.content.items.map((item) => item.code));
    const unknown = (patch.items ?? []).find((code) => !known.has(code));
    if (unknown !== undefined) {
      throw new HttpProblem(400, `Item ${unknown.slice(0, 16)} is not in this bulletin`, [
        { path: 'items', message: 'choose among the items of the bulletin' },
      ]);
    }
    const edit = {
      title: patch.title ?? bulletin.title,
      text: patch.text ?? bulletin.text,
      items: patch.items ? [...new Set(patch.items)] : bulletin.items,
    };
    const id = Number(bulletin.id);
    return written(reply, id, await repos.bulletins.update(id, version, edit, writeActor(request), now()));
  });

  const setPublished = (published: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const bulletin = await bulletinOr404(request);
    const version = expectedVersion(request, bulletin.version, bulletin);
    const id = Number(bulletin.id);
    return written(reply, id, await repos.bulletins.setPublished(id, version, published, writeActor(request), now()));
  };
  app.put('/api/bulletins/:id/publication', setPublished(true));
  app.delete('/api/bulletins/:id/publication', setPublished(false));

  // Residents: the published bulletins only, field by field (no drafts, versions, staff or internal notes).
  app.get('/api/public/bulletins', async (_request, reply): Promise<PublicBulletinList> => {
    reply.header('Cache-Control', 'public, max-age=60');
    const published = (await repos.bulletins.list('published')).filter(isPublished);
    return { bulletins: published.map(publicBulletinSummary) };
  });

  app.get('/api/public/bulletins/:id', async (request, reply): Promise<PublicBulletin> => {
    const bulletin = await bulletinOr404(request);
    if (!isPublished(bulletin)) throw foundOr404(null, 'Bulletin', bulletin.id);
    reply.header('Cache-Control', 'public, max-age=60');
    return publicBulletin(bulletin);
  });
}
