import { test, expect, newPerson, fillSignup, hydrate } from './helpers';

// An organizer asks the campaign's own questions in the back office (plain forms) and the public
// form follows: the new question appears, the order changes, a question asked only of one role
// shows when that role is chosen — with the island and without JavaScript.
const NAME = process.env.ADMIN_NAME ?? 'e2e-admin';
const PASSWORD = process.env.ADMIN_PASSWORD as string;
const CAMPAIGN = '/campaigns/hazard-survey';

test.use({ viewport: { width: 1280, height: 900 } });
test.describe.configure({ mode: 'serial' });

/** The labels of the campaign's own questions on the public form, in order. */
async function asked(page: import('@playwright/test').Page): Promise<string[]> {
  const labels = page.locator('#signup-form [data-question] > legend, #signup-form [data-question] > label:not(.choice)');
  return (await labels.allTextContents()).map((t) => t.replace(' *', '').trim());
}

test('an organizer adds a question, reorders two, and sees the public form change', async ({ page }) => {
  expect(PASSWORD, 'ADMIN_PASSWORD from scripts/test.sh').toBeTruthy();
  await page.goto('/admin/login');
  await page.locator('#a-name').fill(NAME);
  await page.locator('#a-password').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.goto('/admin/campaigns/edit?slug=hazard-survey');
  await page.getByRole('link', { name: '报名表问题' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('报名表的自定义问题');

  // a required single choice
  await page.getByLabel('类型').selectOption('single_choice');
  await page.getByLabel('问题', { exact: true }).fill('马甲尺码');
  await page.getByLabel('必答').check();
  await page.getByLabel('选项（每行一个）').fill('S\nM\nL');
  await page.getByRole('button', { name: '保存问题' }).click();
  await expect(page.getByTestId('notice')).toContainText('问题已保存');
  // a yes/no, then a number asked only of record keepers
  await page.getByLabel('类型').selectOption('yes_no');
  await page.getByLabel('问题', { exact: true }).fill('是否参加过消防培训');
  await page.getByRole('button', { name: '保存问题' }).click();
  await expect(page.getByTestId('notice')).toContainText('问题已保存');
  await page.getByLabel('类型').selectOption('number');
  await page.getByLabel('问题', { exact: true }).fill('台账工作年限');
  await page.getByLabel('必答').check();
  await page.getByLabel('最小值').fill('0');
  await page.getByLabel('最大值').fill('60');
  await page.getByLabel('何时询问').selectOption({ label: '岗位为：台账记录员' });
  await page.getByRole('button', { name: '保存问题' }).click();
  await expect(page.getByTestId('notice')).toContainText('问题已保存');

  await page.goto(CAMPAIGN);
  expect(await asked(page)).toEqual(['马甲尺码', '是否参加过消防培训', '台账工作年限']);

  // the second moves above the first
  await page.goBack();
  await page.locator('tr', { hasText: '是否参加过消防培训' }).getByRole('button', { name: '上移' }).click();
  await expect(page.getByTestId('notice')).toContainText('顺序已调整');
  await expect(page.locator('table.questions tbody tr').first()).toContainText('是否参加过消防培训');

  await page.goto(CAMPAIGN);
  expect(await asked(page)).toEqual(['是否参加过消防培训', '马甲尺码', '台账工作年限']);
});

test('with the island, a question for one role shows for that role and is checked before posting', async ({ page }) => {
  await page.goto(CAMPAIGN);
  await hydrate(page);
  const years = page.locator('[data-question]', { hasText: '台账工作年限' });
  await expect(years).toBeHidden();
  await fillSignup(page, newPerson(), 'hazard_surveyor');
  await expect(years).toBeHidden();
  await page.locator('#f-role').selectOption('record_keeper');
  await expect(years).toBeVisible();
  await page.getByLabel('M', { exact: true }).check();

  // left empty: the browser's own check (the server's rule) says so, and nothing is posted
  let posted = false;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/signup')) posted = true;
  });
  await page.getByRole('button', { name: '提交报名' }).click();
  await expect(years.locator('.error')).toHaveText('此项为必填项。');
  expect(posted).toBe(false);

  await years.getByRole('spinbutton').fill('6');
  await page.getByRole('button', { name: '提交报名' }).click();
  await expect(page.getByTestId('reference')).toHaveText(/^SW[2-9A-Z]{8}$/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the question for one role follows the role chosen, and the server asks for it', async ({ page }) => {
    await page.goto(CAMPAIGN);
    const years = page.locator('[data-question]', { hasText: '台账工作年限' });
    await expect(years).toBeHidden();
    await fillSignup(page, newPerson(), 'record_keeper');
    await expect(years).toBeVisible();
    await page.getByLabel('L', { exact: true }).check();
    await page.getByRole('button', { name: '提交报名' }).click();

    // back on the form, the role kept, the question shown and marked
    await expect(page.locator('#f-role')).toHaveValue('record_keeper');
    await expect(years).toBeVisible();
    await expect(years.locator('.error')).toHaveText('此项为必填项。');
    await expect(years.getByRole('spinbutton')).toHaveAttribute('aria-invalid', 'true');
  });
});
