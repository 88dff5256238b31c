import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Repositories } from '../../platform/context';
import { DATA_FOLDER } from '../../platform/data-files';
import { answerIssues, scoreSheet } from '../../../shared/checklists/checklists';
import { monthOfDay, sampleInspectionsFileSchema, shiftMonth } from '../../../shared/checklists/inspections';
import { passScoreIssue, quarterOf } from '../../../shared/checks/checks';
import { checklistOf } from './checklist-store';

/**
 * Seed the sample 月度自查 and the 季检查 on the sheet (data/sample/inspections.json, 示例数据) once the sample zones and
 * the demo accounts exist: zones by their sample key, people by their demo account. Throws on a sample that does not
 * fit its sheet. Returns how many inspections and checks were written.
 */
export async function seedSampleInspections(
  repos: Repositories,
  today: string,
  sampleZones: readonly { key: string; name: string; category: string }[],
  file = path.join(DATA_FOLDER, 'sample', 'inspections.json'),
): Promise<number> {
  const sample = sampleInspectionsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const month = monthOfDay(today);
  const items = [...new Set(sampleZones.map((zone) => zone.category))];
  const zoneIds = new Map(
    (await repos.inspections.overview(month, null, items)).uninspected.map((zone) => [zone.zoneName, zone.zoneId]),
  );
  const zoneOf = (key: string) => {
    const zone = sampleZones.find((candidate) => candidate.key === key);
    const id = zone && zoneIds.get(zone.name);
    if (!zone || !id) throw new Error(`sample inspections: no sample zone ${key}`);
    const sheet = checklistOf(zone.category);
    if (!sheet) throw new Error(`sample inspections: item ${zone.category} has no checklist`);
    return { id: Number(id), sheet };
  };
  const actorOf = async (username: string) => {
    const user = await repos.users.findByUsername(username);
    if (!user) throw new Error(`sample inspections: no account ${username}`);
    return { user, actor: { id: String(user.id), username, ip: null } };
  };
  let written = 0;
  for (const entry of sample.inspections) {
    const { id, sheet } = zoneOf(entry.zone);
    const issues = answerIssues(sheet, entry.answers);
    if (issues.length) throw new Error(`sample inspection of ${entry.zone}: ${issues[0]!.message}`);
    const { user, actor } = await actorOf(entry.by);
    const result = await repos.inspections.create(
      {
        zoneId: id,
        itemCode: sheet.item,
        month: shiftMonth(month, entry.monthOffset),
        unitId: user.unit ?? null,
        answers: entry.answers,
        score: scoreSheet(sheet, entry.answers).score,
        note: entry.note,
        photoIds: [],
      },
      actor,
    );
    if (result.ok) written += 1;
  }
  for (const entry of sample.checks) {
    const { id, sheet } = zoneOf(entry.zone);
    const issues = answerIssues(sheet, entry.answers);
    const score = scoreSheet(sheet, entry.answers).score;
    const problem = issues[0]?.message ?? passScoreIssue(entry.passed, score);
    if (problem) throw new Error(`sample check of ${entry.zone}: ${problem}`);
    const { actor } = await actorOf(entry.by);
    const result = await repos.checks.create(
      id,
      {
        quarter: quarterOf(today),
        checkedOn: today,
        passed: entry.passed,
        score,
        answers: entry.answers,
        findings: entry.findings,
      },
      null,
      actor,
    );
    if (result.ok) written += 1;
  }
  return written;
}
