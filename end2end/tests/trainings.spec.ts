import { test, expect, newPerson } from './helpers';

// A training from both sides at 390 px, with plain forms: the volunteer opens their page from
// the status look-up, enrols and sees their QR code; the organizer checks them in at the desk
// by the typed code; the hours appear on the volunteer's page.
const NAME = process.env.ADMIN_NAME ?? 'e2e-admin';
const PASSWORD = process.env.ADMIN_PASSWORD as string;
const CAMPAIGN = 'volunteers-guard-expo';

/** `YYYY-MM-DDTHH:MM` in China time, `days` from today, at `hh:00`. */
function chinaField(days: number, hh: number): string {
  const day = new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
  return `${day}T${String(hh).padStart(2, '0')}:00`;
}

test.use({ viewport: { width: 390, height: 844 } });

test('a volunteer enrols from their page and shows the QR code, the desk checks them in by typed code, and the hours appear', async ({ page }) => {
  expect(PASSWORD, 'ADMIN_PASSWORD from scripts/test.sh').toBeTruthy();
  const p = newPerson();
  const signup = await page.request.post('/api/signup', {
    headers: { accept: 'application/json' },
    form: {
      'form[campaign]': CAMPAIGN,
      'form[name]': '培训测试员',
      'form[mobile]': p.mobile,
      'form[id_number]': p.id,
      'form[county]': '330402',
      'form[street]': '330402007',
      'form[community]': '330402007024',
      'form[role]': 'community_patrol',
      'form[availability][weekend_day]': 'on',
      'form[email]': p.email,
      'form[consent]': 'on',
    },
  });
  const reference = (await signup.json()).Accepted.reference as string;

  // the organizer approves the recruit and opens a session
  await page.goto('/admin/login');
  await page.locator('#a-name').fill(NAME);
  await page.locator('#a-password').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.goto('/admin/applications?county=330402&status=pending');
  await page.getByRole('link', { name: reference }).click();
  await page.getByLabel('录用', { exact: true }).check();
  await page.getByRole('button', { name: '提交决定' }).click();
  await expect(page.getByText('已录用').first()).toBeVisible();

  const title = `岗前培训${Date.now() % 100000}`;
  await page.goto(`/admin/trainings?campaign=${CAMPAIGN}`);
  await page.locator('#n-title').fill(title);
  await page.locator('#n-starts').fill(chinaField(2, 9));
  await page.locator('#n-ends').fill(chinaField(2, 12));
  await page.locator('#n-place').fill('南湖区文化中心三楼');
  await page.locator('#n-capacity').fill('30');
  await page.getByRole('button', { name: '创建' }).click();
  await expect(page).toHaveURL(/\/admin\/trainings\/\d+/);
  const session = page.url().match(/\/admin\/trainings\/(\d+)/)![1];

  // the volunteer: status look-up → their own page → enrol
  await page.goto('/status');
  await page.locator('#s-ref').fill(reference);
  await page.locator('#s-mobile').fill(p.mobile);
  await page.getByRole('button', { name: '打开我的页面' }).click();
  await expect(page).toHaveURL(/\/me$/);
  const offered = page.getByTestId('open-session').filter({ hasText: title });
  await offered.getByRole('button', { name: '报名参加' }).click();
  await expect(page.getByTestId('me-notice')).toContainText('报名成功');
  const mine = page.getByTestId('my-enrolment').filter({ hasText: title });
  await expect(mine.locator('.qr-code svg')).toBeVisible();
  const code = (await mine.getByTestId('check-in-code').textContent())!.trim();
  expect(code).toMatch(/^[2-9A-HJ-NP-Z]{10}$/);

  // the desk: typed code, once; a second scan says when the first was
  await page.goto(`/admin/trainings/${session}/checkin`);
  await page.locator('#d-code').fill(code.toLowerCase());
  await page.getByRole('button', { name: '签到', exact: true }).click();
  await expect(page.getByTestId('notice')).toContainText('培训测试员');
  await page.locator('#d-code').fill(code);
  await page.getByRole('button', { name: '签到', exact: true }).click();
  await expect(page.getByTestId('notice')).toContainText('已签到（');

  // the sign-in sheet says 09:00 to 12:00: typed in on the roster
  await page.goto(`/admin/trainings/${session}`);
  const row = page.getByTestId('roster-row').filter({ hasText: reference });
  await row.locator('input[name=arrived]').fill('09:00');
  await row.locator('input[name=left]').fill('12:00');
  await row.getByRole('button', { name: '补录考勤' }).click();
  await expect(page.getByTestId('notice')).toContainText('3:00');

  await page.goto('/me');
  await expect(page.getByTestId('hours-served')).toHaveText('3 小时 0 分钟');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'no sideways scrolling at 390 px').toBeLessThanOrEqual(390);
});
