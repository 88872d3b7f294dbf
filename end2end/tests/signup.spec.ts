import { test, expect, newPerson, fillSignup, mailFor, hydrate } from './helpers';

const CAMPAIGN = '/campaigns/volunteers-guard-expo';

test('the home page lists the campaigns with their targets and progress', async ({ page }) => {
  await page.goto('/');
  for (const title of ['万人志愿护世博', '万员巡防保平安', '万点排摸治隐患', '万企职工迎世博', '万户家庭促和谐']) {
    await expect(page.getByRole('link', { name: title })).toBeVisible();
  }
  await expect(page.getByRole('progressbar').first()).toBeVisible();
  await expect(page.locator('.progress-text').first()).toContainText('10,000');
});

test('with JavaScript the sign-up goes through fetch and shows the reference code in place', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) wasm.push(r.url());
  });
  await page.goto(CAMPAIGN);
  await page.waitForLoadState('networkidle');
  expect(wasm, 'a first visit downloads no wasm').toEqual([]);
  await hydrate(page);
  expect(wasm).toHaveLength(1);
  await page.evaluate(() => ((window as any).__stillTheSamePage = true));
  const person = newPerson();
  await fillSignup(page, person);

  const request = page.waitForRequest((r) => r.url().endsWith('/api/signup') && r.method() === 'POST');
  await page.getByRole('button', { name: '提交报名' }).click();

  expect((await request).resourceType()).toBe('fetch');
  const reference = page.getByTestId('reference');
  await expect(reference).toHaveText(/^SW[2-9A-Z]{8}$/);
  const code = (await reference.textContent()) as string;
  expect(await page.evaluate(() => (window as any).__stillTheSamePage)).toBe(true);
  expect(new URL(page.url()).pathname).toBe(CAMPAIGN);

  const mail = await mailFor(code);
  expect(mail.to).toContain(person.email);
  expect(mail.body).toContain(code);
  expect(mail.body).not.toContain(person.id);

  // The status page (a plain form) finds it with the code and the mobile number.
  await page.getByRole('link', { name: '查询报名进度' }).click();
  await expect(page.locator('#s-ref')).toHaveValue(code);
  await page.locator('#s-mobile').fill(person.mobile);
  await page.getByRole('button', { name: '查询' }).click();
  await expect(page.locator('.status-value')).toHaveText('待审核');
  await expect(page.locator('.status-result')).toContainText(person.mobile.slice(0, 3) + '****' + person.mobile.slice(-4));
  await expect(page.locator('.status-result')).not.toContainText(person.id);
});

test('with JavaScript a wrong check digit is caught in the browser before anything is sent', async ({ page }) => {
  await page.goto(CAMPAIGN);
  await hydrate(page);
  const person = newPerson();
  await fillSignup(page, person);
  const last = person.id.slice(-1);
  await page.locator('#f-id').fill(person.id.slice(0, 17) + (last === '0' ? '1' : '0'));
  let posted = false;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/signup')) posted = true;
  });

  await page.getByRole('button', { name: '提交报名' }).click();

  await expect(page.locator('#e-id')).toHaveText('公民身份号码校验位不正确，请核对。');
  await expect(page.locator('#f-id')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-name')).toHaveValue(person.name);
  expect(posted).toBe(false);
});

test('with JavaScript a refusal only the server can know comes back in place, and the page stays', async ({ page }) => {
  const person = newPerson();
  await page.goto(CAMPAIGN);
  await hydrate(page);
  await fillSignup(page, person);
  await page.getByRole('button', { name: '提交报名' }).click();
  await expect(page.getByTestId('reference')).toHaveText(/^SW[2-9A-Z]{8}$/);

  // the same person again: the browser finds nothing wrong, the server finds the duplicate
  await page.goto(CAMPAIGN);
  await hydrate(page);
  await fillSignup(page, person);
  await page.getByRole('button', { name: '提交报名' }).click();
  await expect(page.locator('#e-id')).toHaveText('该身份证号已报名本活动，请勿重复提交。');
  await expect(page.locator('#f-id')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.form-message')).toBeVisible();
  await expect(page.getByTestId('reference')).toBeHidden();
  expect(new URL(page.url()).pathname).toBe(CAMPAIGN);
});

test('with JavaScript on the English page the browser speaks English, with the words the page gave it', async ({ page, baseURL }) => {
  await page.context().addCookies([{ name: 'lang', value: 'en', url: baseURL as string }]);
  await page.goto(CAMPAIGN);
  await hydrate(page);
  const person = newPerson();
  await fillSignup(page, person);
  await page.locator('#f-id').fill(person.id.slice(0, 17) + (person.id.endsWith('0') ? '1' : '0'));
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.locator('#e-id')).toHaveText('The check character of the resident ID number is wrong; please check it.');
  const words = await page.locator('#signup-form').getAttribute('data-words');
  expect(words, 'only the page language travels').not.toContain('公民身份号码');
});

test('with JavaScript the region picker narrows county, street and community', async ({ page }) => {
  await page.goto(CAMPAIGN);
  await hydrate(page);
  await expect(page.locator('#f-street option', { hasText: '建设街道' })).toHaveCount(1);
  await page.locator('#f-county').selectOption('330411');
  await expect(page.locator('#f-street option', { hasText: '建设街道' })).toHaveCount(0);
  await expect(page.locator('#f-street option', { hasText: '新城街道' })).toHaveCount(1);
  await page.locator('#f-street').selectOption({ label: '新城街道' });
  const groups = await page.locator('#f-community optgroup').evaluateAll((gs) => gs.map((g) => g.getAttribute('label')));
  expect(groups).toEqual(['秀洲区 新城街道']);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a plain form post signs up and lands on the reference page', async ({ page }) => {
    await page.goto(CAMPAIGN);
    const person = newPerson();
    await page.locator('#f-name').fill(person.name);
    await page.locator('#f-mobile').fill(person.mobile);
    await page.locator('#f-id').fill(person.id);
    // No script narrows the lists: the community list holds every community, grouped.
    await page.locator('#f-community').selectOption({ label: '百福弄社区居委会' });
    await page.locator('#f-role').selectOption('building_watch');
    await page.locator('#f-email').fill(person.email);
    await page.locator('#f-consent').check();
    await page.getByRole('button', { name: '提交报名' }).click();

    await expect(page).toHaveURL(/\/signup\/done\?ref=SW/);
    const code = (await page.getByTestId('reference').textContent()) as string;
    expect(code).toMatch(/^SW[2-9A-Z]{8}$/);
    const mail = await mailFor(code);
    expect(mail.to).toContain(person.email);
  });

  test('a wrong field comes back with its message and the rest of the input kept', async ({ page }) => {
    await page.goto(CAMPAIGN);
    const person = newPerson();
    await page.locator('#f-name').fill(person.name);
    await page.locator('#f-mobile').fill('1361234802');
    await page.locator('#f-id').fill(person.id);
    await page.locator('#f-community').selectOption({ label: '百福弄社区居委会' });
    await page.locator('#f-role').selectOption('building_watch');
    await page.locator('#f-consent').check();
    await page.getByRole('button', { name: '提交报名' }).click();

    await expect(page).toHaveURL(/\/campaigns\/volunteers-guard-expo\?f=/);
    expect(page.url()).not.toContain(person.id);
    await expect(page.locator('#e-mobile')).toHaveText('请填写 11 位手机号码，例如 13612348028。');
    await expect(page.locator('#f-name')).toHaveValue(person.name);
    await expect(page.locator('#f-id')).toHaveValue(person.id);
    await expect(page.locator('#f-role')).toHaveValue('building_watch');
  });
});

test('on a 360-px phone nothing scrolls sideways and every field has a label', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const url of ['/', CAMPAIGN, '/status', '/privacy']) {
    await page.goto(url);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, url).toBeLessThanOrEqual(360);
  }
  await page.goto(CAMPAIGN);
  const unlabelled = await page.evaluate(() =>
    Array.from(document.querySelectorAll('input:not([type=hidden]), select'))
      .filter((el) => (el as HTMLInputElement).labels?.length === 0)
      .map((el) => el.id),
  );
  expect(unlabelled).toEqual([]);
});

test('the form can be filled and sent with the keyboard alone', async ({ page }) => {
  await page.goto(CAMPAIGN);
  await hydrate(page);
  await page.locator('#f-name').focus();
  await page.keyboard.type('王芳');
  await page.keyboard.press('Tab');
  await expect(page.locator('#f-mobile')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator('#f-id')).toBeFocused();
  await page.locator('#f-consent').focus();
  await page.keyboard.press('Space');
  await expect(page.locator('#f-consent')).toBeChecked();
});
