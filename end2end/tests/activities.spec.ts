import { test, expect, idNumber } from './helpers';

// A family activity from both sides at 390 px, with plain forms: the organizer creates the
// activity; a guardian finds it from the list, signs up with two children (the younger one
// with the guardian's consent) and sees one confirmation listing all three; the organizer
// types the guardian's code at the desk and the whole family is checked in.
const NAME = process.env.ADMIN_NAME ?? 'e2e-admin';
const PASSWORD = process.env.ADMIN_PASSWORD as string;

/** `YYYY-MM-DDTHH:MM` in China time, `days` from today, at `hh:00`. */
function chinaField(days: number, hh: number): string {
  const day = new Date(Date.now() + 8 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
  return `${day}T${String(hh).padStart(2, '0')}:00`;
}

test.use({ viewport: { width: 390, height: 844 } });

test('a guardian signs up with two children, sees one confirmation listing all three, and the desk checks the family in', async ({ page }) => {
  expect(PASSWORD, 'ADMIN_PASSWORD from scripts/test.sh').toBeTruthy();
  await page.goto('/admin/login');
  await page.locator('#a-name').fill(NAME);
  await page.locator('#a-password').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();

  const title = `小手牵大手${Date.now() % 100000}`;
  await page.goto('/admin/activities');
  await page.locator('#a-campaign').selectOption('families-for-harmony');
  await page.locator('#a-title').fill(title);
  await page.locator('#a-starts').fill(chinaField(3, 9));
  await page.locator('#a-ends').fill(chinaField(3, 12));
  await page.locator('#a-meeting').fill('南湖革命纪念馆广场东侧');
  await page.locator('#a-note').fill('请提前十分钟到达');
  await page.locator('#a-hotline').fill('0573-82099110');
  await page.locator('#a-capacity').fill('20');
  await page.getByRole('button', { name: '创建活动' }).click();
  await expect(page).toHaveURL(/\/admin\/activities\/\d+/);
  const id = page.url().match(/\/admin\/activities\/(\d+)/)![1];

  // the guardian: the list → the activity's box → the family form
  await page.goto('/activities');
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByTestId('places-left')).toContainText('20 / 20');
  await expect(page.getByTestId('meeting-point')).toHaveText('南湖革命纪念馆广场东侧');
  const seq = Date.now() % 1000;
  await page.locator('#f-name').fill('王建国');
  await page.locator('#f-mobile').fill(`136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`);
  await page.locator('#f-id').fill(idNumber('330402', '19850615', seq));
  await page.locator('#f-email').fill(`family${seq}@example.cn`);
  await page.locator('#c1-kind').selectOption('child');
  await page.locator('#c1-name').fill('王小明');
  await page.locator('#c1-age').fill('8');
  await page.locator('#c2-kind').selectOption('child');
  await page.locator('#c2-name').fill('王小红');
  await page.locator('#c2-age').fill('15');
  await page.locator('#f-consent').check();
  await page.getByRole('button', { name: '提交报名' }).click();

  // the younger child needs the guardian's tick: refused with that box marked
  await expect(page.getByTestId('form-message')).toBeVisible();
  await expect(page.locator('#c1-consent')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#c1-name')).toHaveValue('王小明');
  await page.locator('#f-id').fill(idNumber('330402', '19850615', seq));
  await page.locator('#c1-consent').check();
  await page.getByRole('button', { name: '提交报名' }).click();

  const receipt = page.getByTestId('family-receipt');
  await expect(receipt).toBeVisible();
  await expect(receipt.getByTestId('receipt-person')).toHaveCount(3);
  for (const name of ['王建国', '王小明', '王小红']) {
    await expect(receipt).toContainText(name);
  }
  const code = (await receipt.getByTestId('receipt-person').first().locator('code').textContent())!.trim();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, 'no sideways scrolling at 390 px').toBeLessThanOrEqual(390);

  // the desk: the guardian's code brings the whole family in
  await page.goto(`/admin/activities/${id}`);
  await page.locator('#d-code').fill(code.toLowerCase());
  await page.getByRole('button', { name: '签到', exact: true }).click();
  await expect(page.getByTestId('notice')).toContainText('3 人');
  await expect(page.getByTestId('activity-counts')).toContainText('已签到 3');
});

test('a new registration appears live on an open activity page, and without JavaScript after a reload', async ({ page, browser }) => {
  // the demo's second activity, two Saturdays ahead
  await page.goto('/activities/2');
  await expect(page.getByTestId('reads')).toBeVisible();
  // the feed's script opens its stream three seconds after the page has loaded
  await page.waitForTimeout(3500);
  const seq = Date.now() % 1000;
  const mobile = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const answer = await page.request.post('/api/activity_signup', {
    headers: { accept: 'application/json' },
    form: {
      'form[activity]': '2',
      'form[name]': '陈家长',
      'form[mobile]': mobile,
      'form[id_number]': idNumber('330411', '19800101', seq),
      'form[email]': `feed${seq}@example.cn`,
      'form[consent]': 'on',
    },
  });
  expect((await answer.json()).Registered, 'registered').toBeTruthy();
  const masked = `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
  await expect(page.locator('#live-feed li').first()).toContainText(masked, { timeout: 5000 });
  await expect(page.locator('#live-feed')).not.toContainText('陈家长');

  const plain = await browser.newContext({ javaScriptEnabled: false, baseURL: process.env.BASE_URL });
  const reader = await plain.newPage();
  await reader.goto('/activities/2');
  await expect(reader.locator('#live-feed')).toContainText(masked);
  await plain.close();
});
