import { test as base, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

/** Every test fails on any console error or uncaught exception (a hydration mismatch shows only there). */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A valid resident ID number (GB 11643) for a birth date like '19850615'. */
export function idNumber(area: string, birth: string, seq: number): string {
  const first17 = `${area}${birth}${String(seq % 1000).padStart(3, '0')}`;
  const sum = first17.split('').reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i], 0);
  return first17 + CHECK[sum % 11];
}

export interface Person {
  name: string;
  mobile: string;
  id: string;
  email: string;
}

let counter = 0;
export function newPerson(): Person {
  counter += 1;
  const seq = (Date.now() % 900) + counter;
  const mobile = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  return {
    name: '李小明',
    mobile,
    id: idNumber('330411', `19${70 + (seq % 25)}0312`, seq),
    email: `e2e${seq}-${mobile.slice(-4)}@example.cn`,
  };
}

/** Fills the sign-up form of a campaign page the way a person would. */
export async function fillSignup(page: Page, p: Person, role = 'community_patrol') {
  await page.locator('#f-name').fill(p.name);
  await page.locator('#f-mobile').fill(p.mobile);
  await page.locator('#f-id').fill(p.id);
  await page.locator('#f-county').selectOption('330411');
  await page.locator('#f-street').selectOption({ label: '新城街道' });
  const community = page.locator('#f-community option:not([value=""])').first();
  await page.locator('#f-community').selectOption(await community.getAttribute('value') as string);
  await page.locator('#f-role').selectOption(role);
  await page.locator('#f-skill-first_aid').check();
  await page.locator('#f-avail-weekend_day').check();
  await page.locator('#f-email').fill(p.email);
  await page.locator('#f-consent').check();
}

/** Waits for the confirmation mail that the real SMTP sink received for this reference. */
export async function mailFor(reference: string, timeoutMs = 20_000): Promise<any> {
  const dir = process.env.MAIL_DIR as string;
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      if (!name.endsWith('.json')) continue;
      const mail = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
      if (String(mail.subject).includes(reference)) return mail;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail for ${reference} in ${dir}`);
}

/** Starts using the form (which loads the browser bundle) and waits until the island hydrated:
 * `data-hydrated` is set only by an effect in the browser, so it proves the release wasm ran. */
export async function hydrate(page: Page) {
  await page.locator('#f-name').focus();
  await expect(page.locator('form.signup-form[data-hydrated="true"]')).toBeAttached();
}
