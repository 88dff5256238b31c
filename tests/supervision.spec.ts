import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import type { ZoneFeature } from '../src/shared/zones/zone';
import { addDays, shanghaiDay } from '../src/shared/time/dates';

let server: RunningServer;
let browser: Browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const NOTE = '汛前清理河岸垃圾，三天内完成';
const PROGRESS = '已清理 80%，剩余部分周五前完成';

describe('the 督办 loop in the browser: leader → unit (phone, via the bell) → leader', { timeout: 180_000 }, () => {
  it('is issued, answered from the bell at 360 px and closed', async () => {
    const cookie = await apiLogin(server.baseUrl, 'leader');
    const zones = (await (
      await fetch(`${server.baseUrl}/api/zones?unit=shuilizhan`, { headers: { cookie } })
    ).json()) as { features: ZoneFeature[] };
    const zone = zones.features.find((feature) => feature.properties.leadUnit === 'shuilizhan')!;
    assert.ok(zone, 'the sample data has a zone the water station leads');
    const name = zone.properties.name;

    // The leader issues it from the zone panel.
    const leader = await openPage(browser);
    await loginAs(leader, server.baseUrl, 'leader');
    await leader.page.goto(`${server.baseUrl}/?zone=${zone.id}`);
    const section = leader.page.getByTestId('zone-panel').getByRole('region', { name: '督办' });
    await section.getByRole('button', { name: '发起督办' }).click();
    await section.locator('textarea[name="supervision-note"]').fill(NOTE);
    await section.locator('input[name="supervision-deadline"]').fill(addDays(shanghaiDay(), 3));
    await section.getByRole('button', { name: '提交督办' }).click();
    const leaderCard = section.getByTestId('supervision-card').filter({ hasText: NOTE });
    await leaderCard.getByText('待答复').waitFor();

    // The unit, on a phone, sees it under the bell and answers it.
    const unit = await openPage(browser, { width: 360, height: 740, isMobile: true });
    await loginAs(unit, server.baseUrl, 'water');
    await unit.page.goto(server.baseUrl);
    const bell = unit.page.getByTestId('inbox-bell');
    await unit.page.getByTestId('inbox-count').waitFor();
    await bell.click();
    const item = unit.page
      .getByRole('region', { name: '消息' })
      .getByRole('link', { name: new RegExp(`新的督办：${name}`) });
    await item.click();
    await unit.page.waitForURL(new RegExp(`zone=${zone.id}`));
    const unitCard = unit.page.getByTestId('zone-panel').getByTestId('supervision-card').filter({ hasText: NOTE });
    await unitCard.getByRole('button', { name: '答复督办' }).click();
    await unitCard.locator('textarea[name="supervision-progress"]').fill(PROGRESS);
    await unitCard.locator('input[name="supervision-new-date"]').fill(addDays(shanghaiDay(), 5));
    await unitCard.getByRole('button', { name: '提交答复' }).click();
    await unitCard.getByText('已答复', { exact: true }).waitFor();
    // The form closes once the answer is saved (until then its text box still holds the answer), and the answer
    // shows in the card's thread.
    await unitCard.locator('textarea[name="supervision-progress"]').waitFor({ state: 'detached' });
    await unitCard.getByText(PROGRESS).waitFor();
    // The card fits the phone: nothing wider than the screen.
    const width = await unitCard.evaluate((element) => element.getBoundingClientRect().right);
    assert.ok(width <= 360, `the card ends at ${width}px on a 360px screen`);
    // No close button for the unit.
    assert.equal(await unitCard.getByRole('button', { name: '同意办结' }).count(), 0);

    // The leader is told under the bell and closes it.
    await leader.page.reload();
    await leader.page.getByTestId('inbox-bell').click();
    await leader.page
      .getByRole('region', { name: '消息' })
      .getByRole('link', { name: new RegExp(`督办已答复：${name}`) })
      .click();
    const card = leader.page
      .getByTestId('zone-panel')
      .getByRole('region', { name: '督办' })
      .getByTestId('supervision-card')
      .filter({ hasText: NOTE });
    await card.getByText(PROGRESS).waitFor();
    await card.getByRole('button', { name: '同意办结' }).click();
    await card.getByText('已办结', { exact: true }).waitFor();

    assert.deepEqual(leader.problems, []);
    assert.deepEqual(unit.problems, []);
    await leader.context.close();
    await unit.context.close();
  });
});
