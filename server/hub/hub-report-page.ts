/**
 * 统计报表（中心）: the hub supervisors' report page (README § Many halls, "Reports across halls").
 *
 *   GET  /hub/reports            sign-in form, or the report the supervisor chose (scope, month, grouping)
 *   POST /hub/reports/sign-in    工号 + password (form post) → session cookie, back to the page
 *   POST /hub/reports/sign-out   ends the session
 *   GET  /hub/reports/csv        the same report as CSV (state-machines/reports/csv.ts: UTF-8 with BOM, Excel-safe)
 *
 * Server-rendered HTML (no script): Chinese first with an English switch (`lang=en`), large type,
 * printable (the form and links are not printed). The table's cells are the CSV's columns
 * (CSV_COLUMNS), so the page and the file say the same numbers. A supervisor scoped to a district
 * may choose only that district and its halls; anything else is refused (403). Nothing personal:
 * the hub holds none.
 */
import express, { type Request, type Router } from 'express';
import { serviceDayOf } from '../../state-machines/domain/service-day.ts';
import { CSV_COLUMNS, reportCsv } from '../../state-machines/reports/csv.ts';
import { monthRange, type DayRange } from '../../state-machines/reports/range.ts';
import { REPORT_GROUPS, type ReportGroupBy } from '../../state-machines/reports/report.ts';
import { escapeHtml } from '../devices/ticket-page.ts';
import { clientAddress } from '../http/client-address.ts';
import { HUB_TIME_ZONE, type HubReportAnswer, type HubReports, type HubReportScope } from './hub-reports.ts';
import { HUB_SESSION_COOKIE, HUB_SESSION_HOURS, PASSWORD_MAX, SUPERVISOR_ID, type HubSupervisor, type HubSupervisors } from './hub-supervisors.ts';

type Lang = 'zh' | 'en';

/** The page shows these of the CSV's columns (all of them are in the CSV). */
const PAGE_COLUMNS = ['分组', '取号', '办结', '过号', '作废', '等候中位数（秒）', '等候P90（秒）', '办理中位数（秒）', '窗口利用率', '满意率'];
const SHOWN = CSV_COLUMNS.filter((c) => PAGE_COLUMNS.includes(c.zh));

const GROUP_NAMES: Record<ReportGroupBy, { zh: string; en: string }> = {
  hall: { zh: '全厅', en: 'Whole hall' },
  floor: { zh: '按楼层', en: 'By floor' },
  window: { zh: '按窗口', en: 'By window' },
  clerk: { zh: '按人员', en: 'By clerk' },
  queue: { zh: '按业务', en: 'By queue' },
  item: { zh: '按事项', en: 'By item' },
};

const T = {
  title: { zh: '统计报表（中心）', en: 'Reports across halls' },
  signIn: { zh: '中心主管登录', en: 'Hub supervisor sign-in' },
  staffId: { zh: '工号', en: 'Staff number' },
  password: { zh: '密码', en: 'Password' },
  submitSignIn: { zh: '登录', en: 'Sign in' },
  wrong: { zh: '工号或密码不正确', en: 'Wrong staff number or password' },
  signOut: { zh: '退出登录', en: 'Sign out' },
  scope: { zh: '范围', en: 'Scope' },
  month: { zh: '月份', en: 'Month' },
  groupBy: { zh: '单个大厅按', en: 'One hall by' },
  show: { zh: '查看', en: 'Show' },
  csv: { zh: '下载 CSV', en: 'Download CSV' },
  print: { zh: '打印本页请用浏览器的打印', en: 'Print with the browser’s Print' },
  province: { zh: '全省', en: 'Province' },
  byHall: { zh: '各大厅', en: 'Per hall' },
  byDistrict: { zh: '各区县', en: 'Per district' },
  behind: { zh: '以下大厅的数据尚未全部汇入', en: 'Not all events of these halls are counted yet' },
  noProfile: { zh: '未收到大厅配置', en: 'hall file not received' },
  forbidden: { zh: '您只能查看本区县的大厅', en: 'You may only see your district’s halls' },
  seconds: {
    zh: '时间单位为秒，比率为百分比；与各大厅自己的统计报表同一算法。',
    en: 'Times in seconds; rates in percent; the same functions as each hall’s own report.',
  },
};

const STYLE = `
  :root { color-scheme: light; }
  body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 22px; line-height: 1.5; margin: 0; color: #111; background: #fff; }
  header, main { padding: 16px 28px; }
  header { background: #0b3d91; color: #fff; display: flex; justify-content: space-between; align-items: center; gap: 16px; flex-wrap: wrap; }
  header a, header button { color: #fff; font-size: 22px; }
  header button { background: transparent; border: 2px solid #fff; border-radius: 6px; padding: 4px 14px; cursor: pointer; }
  h1 { font-size: 34px; margin: 0; }
  h2 { font-size: 28px; margin: 12px 0; }
  form.choose { display: flex; flex-wrap: wrap; gap: 12px 24px; align-items: end; margin: 12px 0 20px; }
  label { display: flex; flex-direction: column; font-weight: bold; }
  select, input, button.go { font-size: 22px; padding: 6px 10px; min-height: 48px; }
  button.go, a.csv { background: #0b3d91; color: #fff; border: 0; border-radius: 6px; padding: 8px 20px; text-decoration: none; display: inline-block; }
  table { border-collapse: collapse; width: 100%; margin: 12px 0; }
  th, td { border: 1px solid #555; padding: 8px 10px; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  thead th { background: #e8eef8; }
  tr.total td { font-weight: bold; background: #f3f3f3; }
  .error { color: #a00000; font-weight: bold; font-size: 24px; }
  .note { color: #333; font-size: 18px; }
  .signin { max-width: 520px; display: flex; flex-direction: column; gap: 16px; }
  @media print { header form, header a, form.choose, a.csv, .noprint { display: none !important; } header { background: #fff; color: #000; } body { font-size: 14px; } }
`;

function page(lang: Lang, body: string, header = ''): string {
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${T.title[lang]}</title><style>${STYLE}</style></head><body>
<header><h1>${T.title[lang]}</h1>${header}</header><main>${body}</main></body></html>`;
}

function langOf(req: Request): Lang {
  return req.query.lang === 'en' || req.body?.lang === 'en' ? 'en' : 'zh';
}

/** A link to the same page in the other language. */
function langSwitch(req: Request, lang: Lang): string {
  const q = new URLSearchParams(req.query as Record<string, string>);
  if (lang === 'zh') q.set('lang', 'en');
  else q.delete('lang');
  return `<a href="/hub/reports?${escapeHtml(q.toString())}" lang="${lang === 'zh' ? 'en' : 'zh-CN'}">${lang === 'zh' ? 'English' : '中文'}</a>`;
}

function cookieOf(req: Request): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === HUB_SESSION_COOKIE) return v;
  }
  return undefined;
}

interface Choice {
  scope: HubReportScope;
  range: DayRange;
  month: string;
  groupBy: ReportGroupBy;
}

/** What the query asks for; defaults: the supervisor's district (or the province), this month, whole hall. */
function choiceOf(req: Request, who: HubSupervisor, now: number): Choice {
  const raw = typeof req.query.scope === 'string' ? req.query.scope : '';
  const scope: HubReportScope = raw.startsWith('hall:')
    ? { kind: 'hall', hallId: raw.slice(5) }
    : raw.startsWith('district:')
      ? { kind: 'district', district: raw.slice(9) }
      : raw === 'province'
        ? { kind: 'province' }
        : who.district
          ? { kind: 'district', district: who.district }
          : { kind: 'province' };
  const month = typeof req.query.month === 'string' && /^\d{4}-\d{2}$/.test(req.query.month) ? req.query.month : serviceDayOf(now, HUB_TIME_ZONE).slice(0, 7);
  const from = typeof req.query.from === 'string' ? req.query.from : undefined;
  const to = typeof req.query.to === 'string' ? req.query.to : undefined;
  const range = from !== undefined && to !== undefined ? { from, to } : monthRange(month);
  const g = typeof req.query.groupBy === 'string' ? req.query.groupBy : 'hall';
  const groupBy = (REPORT_GROUPS as readonly string[]).includes(g) ? (g as ReportGroupBy) : 'hall';
  return { scope, range, month, groupBy };
}

export function hubReportPage(reports: HubReports, supervisors: HubSupervisors, now: () => number = Date.now): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '4kb' }));

  const signInForm = (lang: Lang, error?: string) =>
    page(
      lang,
      `<h2>${T.signIn[lang]}</h2>${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form class="signin" method="post" action="/hub/reports/sign-in">
<input type="hidden" name="lang" value="${lang}">
<label>${T.staffId[lang]}<input name="staffId" autocomplete="username" required maxlength="32" data-testid="hub-staff-id"></label>
<label>${T.password[lang]}<input name="password" type="password" autocomplete="current-password" required maxlength="${PASSWORD_MAX}" data-testid="hub-password"></label>
<button class="go" type="submit" data-testid="hub-sign-in">${T.submitSignIn[lang]}</button></form>`,
      `<a href="/hub/reports${lang === 'zh' ? '?lang=en' : ''}" lang="${lang === 'zh' ? 'en' : 'zh-CN'}">${lang === 'zh' ? 'English' : '中文'}</a>`,
    );

  router.post('/sign-in', async (req, res) => {
    const lang = langOf(req);
    const staffId = typeof req.body?.staffId === 'string' ? req.body.staffId.trim() : '';
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    if (!SUPERVISOR_ID.test(staffId) || password.length === 0 || password.length > PASSWORD_MAX) {
      return void res.status(400).type('html').send(signInForm(lang, T.wrong[lang]));
    }
    const answer = await supervisors.signIn(staffId, password, clientAddress(req.socket));
    if (!answer.ok) {
      if (answer.wrong) return void res.status(401).type('html').send(signInForm(lang, T.wrong[lang]));
      const wait = answer.retryAfterSeconds;
      res.setHeader('Retry-After', String(wait));
      const text =
        lang === 'zh'
          ? `密码错误次数过多，请 ${wait < 60 ? `${wait} 秒` : `${Math.ceil(wait / 60)} 分钟`}后再试`
          : `Too many wrong passwords; try again in ${wait < 60 ? `${wait} s` : `${Math.ceil(wait / 60)} min`}`;
      return void res.status(429).type('html').send(signInForm(lang, text));
    }
    // Secure when the supervisor reached the hub over https (directly, or through its TLS reverse proxy).
    const secure = req.secure || req.get('x-forwarded-proto') === 'https' ? '; Secure' : '';
    res.setHeader(
      'Set-Cookie',
      `${HUB_SESSION_COOKIE}=${answer.token}; Path=/hub/reports; HttpOnly; SameSite=Strict; Max-Age=${HUB_SESSION_HOURS * 3600}${secure}`,
    );
    res.redirect(303, `/hub/reports${lang === 'en' ? '?lang=en' : ''}`);
  });

  router.post('/sign-out', async (req, res) => {
    await supervisors.signOut(cookieOf(req));
    res.setHeader('Set-Cookie', `${HUB_SESSION_COOKIE}=; Path=/hub/reports; HttpOnly; SameSite=Strict; Max-Age=0`);
    res.redirect(303, `/hub/reports${langOf(req) === 'en' ? '?lang=en' : ''}`);
  });

  /** The report the query asks for, if this supervisor may see it: the answer or the status and words of a refusal. */
  const answerFor = async (
    req: Request,
    who: HubSupervisor,
  ): Promise<{ choice: Choice; answer: HubReportAnswer } | { status: number; text: Record<Lang, string> }> => {
    const choice = choiceOf(req, who, now());
    const { scope } = choice;
    if (who.district) {
      const allowed =
        scope.kind === 'district'
          ? scope.district === who.district
          : scope.kind === 'hall'
            ? (await reports.hallsOf(scope))[0]?.district === who.district
            : false;
      if (!allowed) return { status: 403, text: T.forbidden };
    }
    const answer =
      scope.kind === 'hall' ? await reports.hallReport(scope.hallId, choice.range, choice.groupBy, now()) : await reports.rollup(scope, choice.range, now());
    return { choice, answer };
  };

  router.get('/', async (req, res) => {
    const lang = langOf(req);
    const who = await supervisors.session(cookieOf(req));
    if (!who) return void res.type('html').send(signInForm(lang));
    const header = `<span>${escapeHtml(who.name)}（${escapeHtml(who.staffId)}）${who.district ? ` · ${escapeHtml(who.district)}` : ` · ${T.province[lang]}`}</span>
${langSwitch(req, lang)}<form method="post" action="/hub/reports/sign-out"><input type="hidden" name="lang" value="${lang}"><button type="submit">${T.signOut[lang]}</button></form>`;
    const got = await answerFor(req, who);
    const form = await chooser(reports, who, 'choice' in got ? got.choice : choiceOf(req, who, now()), lang);
    if (!('choice' in got))
      return void res
        .status(got.status)
        .type('html')
        .send(page(lang, `${form}<p class="error" role="alert">${got.text[lang]}</p>`, header));
    if (!got.answer.ok) {
      const e = got.answer.error;
      return void res
        .status(e.code === 'NOT_FOUND' ? 404 : 400)
        .type('html')
        .send(page(lang, `${form}<p class="error" role="alert">${escapeHtml(lang === 'zh' ? e.message : (e.messageEn ?? e.message))}</p>`, header));
    }
    const { result } = got.answer;
    const r = result.report;
    const csvQuery = new URLSearchParams(req.query as Record<string, string>);
    const head = `<tr>${SHOWN.map((c) => `<th scope="col">${escapeHtml(c[lang])}</th>`).join('')}</tr>`;
    const line = (f: (typeof r.groups)[number], total: boolean) =>
      `<tr${total ? ' class="total"' : ''} data-group="${escapeHtml(f.key)}">${SHOWN.map((c, i) => {
        const v = c.value(f, lang);
        return i === 0 ? `<th scope="row">${escapeHtml(String(v ?? ''))}</th>` : `<td>${v === null ? '—' : escapeHtml(String(v))}</td>`;
      }).join('')}</tr>`;
    const behind = result.behind.length
      ? `<p class="note" data-testid="hub-behind">${T.behind[lang]}：${result.behind
          .map((b) => `${escapeHtml(b.name)}（${b.profile ? `${b.foldedSeq}/${b.storedSeq}` : T.noProfile[lang]}）`)
          .join('、')}</p>`
      : '';
    const grouping = result.scope.kind === 'hall' ? GROUP_NAMES[r.groupBy][lang] : result.scope.kind === 'district' ? T.byHall[lang] : T.byDistrict[lang];
    const body = `${form}
<h2 data-testid="hub-report-title">${escapeHtml(result.title === '全省' ? T.province[lang] : result.title)} · ${r.range.from} – ${r.range.to} · ${grouping}</h2>
<p class="noprint"><a class="csv" data-testid="hub-csv" href="/hub/reports/csv?${escapeHtml(csvQuery.toString())}">${T.csv[lang]}</a> <span class="note">${T.print[lang]}</span></p>
<table data-testid="hub-report"><caption class="note">${T.seconds[lang]}</caption><thead>${head}</thead><tbody>${r.groups.map((g) => line(g, false)).join('')}${line(r.total, true)}</tbody></table>${behind}`;
    res.type('html').send(page(lang, body, header));
  });

  router.get('/csv', async (req, res) => {
    const lang = langOf(req);
    const who = await supervisors.session(cookieOf(req));
    if (!who) return void res.status(401).type('text').send(T.signIn[lang]);
    const got = await answerFor(req, who);
    if (!('choice' in got)) return void res.status(got.status).type('text').send(got.text[lang]);
    if (!got.answer.ok)
      return void res
        .status(400)
        .type('text')
        .send(lang === 'zh' ? got.answer.error.message : (got.answer.error.messageEn ?? got.answer.error.message));
    const { result } = got.answer;
    const name = `统计报表_${result.title}_${result.report.range.from}_${result.report.range.to}_${result.scope.kind === 'hall' ? result.report.groupBy : result.scope.kind}.csv`;
    res.setHeader('Content-Disposition', `attachment; filename="report.csv"; filename*=UTF-8''${encodeURIComponent(name)}`);
    res.type('text/csv; charset=utf-8').send(reportCsv(result.report, lang));
  });

  return router;
}

/** The form: scope (the province, districts, halls — only what this supervisor may see), month, grouping. */
async function chooser(reports: HubReports, who: HubSupervisor, choice: Choice, lang: Lang): Promise<string> {
  const districts = who.district ? [who.district] : await reports.districts();
  const halls = await reports.hallsOf(who.district ? { kind: 'district', district: who.district } : { kind: 'province' });
  const current =
    choice.scope.kind === 'hall' ? `hall:${choice.scope.hallId}` : choice.scope.kind === 'district' ? `district:${choice.scope.district}` : 'province';
  const option = (value: string, text: string) => `<option value="${escapeHtml(value)}"${value === current ? ' selected' : ''}>${escapeHtml(text)}</option>`;
  const scopes = [
    ...(who.district ? [] : [option('province', T.province[lang])]),
    ...districts.map((d) => option(`district:${d}`, d)),
    ...halls.map((h) => option(`hall:${h.id}`, `　${h.name}`)),
  ].join('');
  const groups = REPORT_GROUPS.map((g) => `<option value="${g}"${g === choice.groupBy ? ' selected' : ''}>${GROUP_NAMES[g][lang]}</option>`).join('');
  return `<form class="choose" method="get" action="/hub/reports">${lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}
<label>${T.scope[lang]}<select name="scope" data-testid="hub-scope">${scopes}</select></label>
<label>${T.month[lang]}<input type="month" name="month" value="${escapeHtml(choice.month)}" data-testid="hub-month"></label>
<label>${T.groupBy[lang]}<select name="groupBy" data-testid="hub-group">${groups}</select></label>
<button class="go" type="submit" data-testid="hub-show">${T.show[lang]}</button></form>`;
}
