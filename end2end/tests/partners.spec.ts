import { test, expect } from './helpers';

// A city admin gives a partner system a token in the back office (plain forms, no script), the
// partner uses it against the API, the admin revokes it; the API's documentation page renders.
const NAME = process.env.ADMIN_NAME ?? 'e2e-admin';
const PASSWORD = process.env.ADMIN_PASSWORD as string;

test.use({ viewport: { width: 1280, height: 900 } });

test('a city admin creates a partner token, sees it once, and revoking it shuts the API at once', async ({ page }) => {
  expect(PASSWORD, 'ADMIN_PASSWORD from scripts/test.sh').toBeTruthy();
  await page.goto('/admin/partners');
  await expect(page).toHaveURL(/\/admin\/login$/);
  await page.locator('#a-name').fill(NAME);
  await page.locator('#a-password').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.goto('/admin/partners');
  await expect(page.getByRole('heading', { name: '合作方接口令牌' })).toBeVisible();

  const partner = `南湖区志愿者办公室 ${Date.now()}`;
  await page.getByLabel('合作方名称').fill(partner);
  await page.getByLabel('数据范围').selectOption('330402');
  await page.getByLabel('允许提交审核决定').check();
  await page.getByRole('button', { name: '创建令牌' }).click();

  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('只显示这一次');
  const token = ((await notice.textContent()) ?? '').match(/sw_[0-9A-Za-z]{40}/)?.[0] as string;
  expect(token, 'the token in the notice').toBeTruthy();
  const row = page.locator('tr', { hasText: partner });
  await expect(row).toContainText(token.slice(0, 10));
  await expect(row).toContainText('审核决定');
  await expect(row).not.toContainText(token);

  const auth = { headers: { authorization: `Bearer ${token}` } };
  const campaigns = await page.request.get('/api/v1/campaigns', auth);
  expect(campaigns.status()).toBe(200);
  expect((await campaigns.json()).items.length).toBeGreaterThan(0);

  // shown once: the same address again has no token in it
  await page.reload();
  await expect(page.locator('body')).not.toContainText(token);

  await row.getByRole('button', { name: '撤销' }).click();
  await expect(page.getByTestId('notice')).toContainText('令牌已撤销');
  await expect(page.locator('tr', { hasText: partner })).toContainText('已撤销');
  const refused = await page.request.get('/api/v1/campaigns', auth);
  expect(refused.status()).toBe(401);
  expect(refused.headers()['content-type']).toBe('application/problem+json');
});

test('the API documentation renders every operation without a script', async ({ page }) => {
  await page.goto('/api/v1/docs');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Shouwang partner API');
  await expect(page.getByRole('heading', { name: 'POST /api/v1/applications/{id}/decision', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'POST /api/v1/webhooks', exact: true })).toBeVisible();
  expect(await page.locator('script').count()).toBe(0);
});
