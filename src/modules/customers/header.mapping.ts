import { TidingsError } from '../../platform/errors/index.js';
import { CUSTOM_FIELD_TYPES, type CustomFieldType } from './custom-fields.js';

/** Where a CSV column goes. `emails` / `phones` / `groups` cells may hold several values. */
export type ColumnTarget =
  | { readonly kind: 'field'; readonly field: StandardField }
  | { readonly kind: 'custom'; readonly name: string; readonly type: CustomFieldType | undefined }
  | { readonly kind: 'ignore' };

export const STANDARD_FIELDS = [
  'name', 'familyName', 'givenName', 'title', 'gender', 'company', 'email', 'emails', 'phone', 'phones',
  'birthday', 'lunarBirthday', 'birthdayCalendar', 'timeZone', 'language', 'owner', 'groups', 'notes', 'locked',
] as const;
export type StandardField = (typeof STANDARD_FIELDS)[number];

/** Header aliases, compared after {@link headerKey} (lower case, no spaces, _ or -). */
const ALIASES: Record<StandardField, readonly string[]> = {
  name: ['name', 'fullname', 'displayname', '姓名', '名字', '客户', '客户名称', '客户姓名', '联系人', '联系人姓名'],
  familyName: ['familyname', 'lastname', 'surname', '姓', '姓氏'],
  givenName: ['givenname', 'firstname', '名'],
  title: ['title', 'salutation', '称谓', '称呼', '尊称'],
  gender: ['gender', 'sex', '性别'],
  company: ['company', 'organization', 'organisation', 'org', '公司', '公司名称', '单位', '工作单位', '企业'],
  email: ['email', 'e-mail', 'mail', 'emailaddress', '邮箱', '电子邮件', '电子邮箱', '邮件', '邮箱地址', 'email地址'],
  emails: ['emails', 'otheremails', '其他邮箱', '备用邮箱'],
  phone: ['phone', 'mobile', 'mobilephone', 'cell', 'cellphone', 'tel', 'telephone', 'phonenumber', '手机', '手机号', '手机号码', '电话', '电话号码', '移动电话', '联系电话'],
  phones: ['phones', 'otherphones', '其他电话', '备用电话', '其他手机'],
  birthday: ['birthday', 'birthdate', 'dateofbirth', 'dob', '生日', '出生日期', '出生年月日'],
  lunarBirthday: ['lunarbirthday', 'lunarbirthdate', 'chinesebirthday', '农历生日', '阴历生日', '农历', '阴历', '农历出生日期', '農曆生日', '陰曆生日'],
  birthdayCalendar: ['birthdaycalendar', 'calendar', '生日历法', '历法', '过哪个生日'],
  timeZone: ['timezone', 'tz', '时区'],
  language: ['language', 'lang', 'locale', '语言'],
  owner: ['owner', 'salesrep', 'rep', '负责人', '业务员', '销售', '所属人', '客户经理'],
  groups: ['group', 'groups', 'category', 'categories', '分组', '组', '类别', '分类', '客户分类'],
  notes: ['notes', 'note', 'remark', 'remarks', 'comment', 'comments', '备注', '说明'],
  locked: ['locked', '锁定'],
};

/** Columns the exporter writes that the importer knows and deliberately does not read. */
const IGNORED = new Set(['id', 'createdat', 'updatedat', '创建时间', '更新时间']);

/** The comparable form of a header: NFKC, lower case, without spaces, _ or -. */
export const headerKey = (h: string): string => h.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, '');

const BY_KEY = new Map<string, StandardField>(
  (Object.entries(ALIASES) as [StandardField, readonly string[]][]).flatMap(([field, names]) => names.map((n) => [headerKey(n), field] as const)),
);

/** Reads a target spelled by a user (`--map 城市=custom.city:text`) or a header (`custom.vip:boolean`). */
export function parseTarget(spec: string): ColumnTarget | undefined {
  const text = spec.trim();
  const custom = /^custom\.([\p{L}\p{N}_-]{1,64})(?::(\w+))?$/u.exec(text);
  if (custom) {
    const type = custom[2] as CustomFieldType | undefined;
    if (type !== undefined && !CUSTOM_FIELD_TYPES.includes(type)) return undefined;
    return { kind: 'custom', name: custom[1] as string, type };
  }
  if (text === 'ignore' || text === '-') return { kind: 'ignore' };
  const field = (STANDARD_FIELDS as readonly string[]).includes(text) ? (text as StandardField) : BY_KEY.get(headerKey(text));
  return field ? { kind: 'field', field } : undefined;
}

/** The canonical spelling of a target, as `--map` and the API's `map` take it back: `phone`, `custom.city:text`, `ignore`. */
export function targetName(target: ColumnTarget): string {
  if (target.kind === 'ignore') return 'ignore';
  if (target.kind === 'custom') return target.type === undefined ? `custom.${target.name}` : `custom.${target.name}:${target.type}`;
  return target.field;
}

/**
 * Parses `列名=field` pairs (the CLI's `--map`, the import API's `map`) into header → target: THE
 * grammar of a column mapping, so every entry point accepts the same targets. `source` names the
 * option in the error.
 */
export function parseMapOptions(specs: readonly string[], source = '--map'): Map<string, ColumnTarget> {
  const map = new Map<string, ColumnTarget>();
  for (const spec of specs) {
    const at = spec.lastIndexOf('=');
    const target = at > 0 ? parseTarget(spec.slice(at + 1)) : undefined;
    if (!target) {
      throw new TidingsError('VALIDATION_FAILED', `${source} "${spec}": expected "column=field" with field one of ${STANDARD_FIELDS.join(', ')}, custom.<name>[:type] or ignore`);
    }
    map.set(headerKey(spec.slice(0, at)), target);
  }
  return map;
}

/**
 * Maps each header cell to a target: an explicit `--map` first, then the aliases (Chinese and
 * English), then `custom.<name>[:type]` headers (as the exporter writes them). Unknown columns are
 * ignored and reported.
 */
export function mapHeader(header: readonly string[], overrides: ReadonlyMap<string, ColumnTarget> = new Map()): { targets: ColumnTarget[]; ignored: string[] } {
  const ignored: string[] = [];
  const targets = header.map((raw): ColumnTarget => {
    const key = headerKey(raw);
    const explicit = overrides.get(key);
    if (explicit) return explicit;
    const field = BY_KEY.get(key);
    if (field) return { kind: 'field', field };
    const custom = parseTarget(raw);
    if (custom?.kind === 'custom') return custom;
    if (!IGNORED.has(key) && raw.trim() !== '') ignored.push(raw);
    return { kind: 'ignore' };
  });
  return { targets, ignored };
}
