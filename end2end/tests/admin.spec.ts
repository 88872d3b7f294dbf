import { test, expect, newPerson } from './helpers';
import * as fs from 'fs';

// The organizer's path through the back office, with plain forms (no script needed), at a
// desktop and a phone width. The account is created by scripts/test.sh with `shouwang admin create`.
const NAME = process.env.ADMIN_NAME ?? 'e2e-admin';
const PASSWORD = process.env.ADMIN_PASSWORD as string;
const STREET = '330402007'; // 南湖区 建设街道
const COMMUNITY = '330402007024';

async function signUpThree(request: any): Promise<string[]> {
  const references: string[] = [];
  for (const name of ['欧阳一', '欧阳二', '欧阳三']) {
    const p = newPerson();
    const response = await request.post('/api/signup', {
      headers: { accept: 'application/json' },
      form: {
        'form[campaign]': 'volunteers-guard-expo',
        'form[name]': name,
        'form[mobile]': p.mobile,
        'form[id_number]': p.id,
        'form[county]': '330402',
        'form[street]': STREET,
        'form[community]': COMMUNITY,
        'form[role]': 'community_patrol',
        'form[skills][leadership]': 'on',
        'form[availability][weekend_day]': 'on',
        'form[email]': p.email,
        'form[consent]': 'on',
      },
    });
    expect(response.status()).toBe(200);
    const outcome = await response.json();
    expect(outcome.Accepted, JSON.stringify(outcome)).toBeTruthy();
    references.push(outcome.Accepted.reference);
  }
  return references;
}

for (const [label, viewport] of [
  ['desktop', { width: 1280, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  test.describe(`at ${viewport.width} px (${label})`, () => {
    test.use({ viewport });

    test('an organizer logs in, filters by street, bulk-approves, auto-groups, renames a team and downloads a CSV', async ({ page }) => {
      expect(PASSWORD, 'ADMIN_PASSWORD from scripts/test.sh').toBeTruthy();
      const references = await signUpThree(page.request);

      await page.goto('/admin/applications');
      await expect(page).toHaveURL(/\/admin\/login$/);
      await page.locator('#a-name').fill(NAME);
      await page.locator('#a-password').fill(PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await expect(page).toHaveURL(/\/admin\/applications$/);

      // filter: county first (the street list follows), then the street and pending
      await page.locator('#q-county').selectOption('330402');
      await page.getByRole('button', { name: '筛选' }).click();
      await page.locator('#q-street').selectOption(STREET);
      await page.locator('#q-status').selectOption('pending');
      await page.getByRole('button', { name: '筛选' }).click();
      await expect(page).toHaveURL(new RegExp(`street=${STREET}`));
      for (const reference of references) {
        await expect(page.getByRole('link', { name: reference })).toBeVisible();
      }
      const total = Number(await page.getByTestId('total').textContent());
      expect(total).toBeGreaterThanOrEqual(3);

      // bulk: everything matching the filter → approved
      await page.getByLabel(/符合筛选条件的全部报名/).check();
      await page.locator('fieldset.bulk-actions').getByLabel('录用', { exact: true }).check();
      await page.getByRole('button', { name: '批量执行' }).click();
      await expect(page.getByTestId('notice')).toContainText(`已处理 ${total} 条`);
      await expect(page.getByText('没有符合条件的报名。')).toBeVisible();

      // auto-group the approved recruits of Nanhu
      await page.getByRole('link', { name: '队伍编组' }).click();
      await page.locator('#g-county').selectOption('330402');
      await page.locator('#g-cap').fill('10');
      await page.getByRole('button', { name: '预览编组' }).click();
      await expect(page.getByTestId('recruits')).not.toHaveText('0');
      await page.getByRole('button', { name: '确认编组' }).click();
      await expect(page.getByTestId('notice')).toContainText('已完成');

      // rename the last team (the newest) and check the roster shows the leader, phones masked
      const teamLinks = page.locator('table.teams tbody tr td:first-child a');
      await teamLinks.last().click();
      const newName = `${label}先锋队${Date.now() % 1000}`;
      await page.locator('#r-name').fill(newName);
      await page.getByRole('button', { name: '改名' }).click();
      await expect(page.locator('.team-name')).toHaveText(newName);
      await expect(page.locator('table.roster strong.leader')).toHaveCount(1);
      await expect(page.locator('table.roster')).toContainText('****');

      // download the roster as CSV
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: '导出 CSV' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const text = fs.readFileSync((await download.path()) as string, 'utf8');
      expect(text).toContain(newName);
      expect(text).toContain('****');

      await page.getByRole('button', { name: '退出登录' }).click();
      await expect(page).toHaveURL(/\/admin\/login$/);
    });
  });
}
