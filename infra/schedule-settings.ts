/**
 * The schedule of every workflow that declares one in workflows/registry.ts (the one source of the
 * defaults), each overridable per workflow by context:
 *
 *   schedule:<workflow>          cron(...), rate(...) or at(...)
 *   scheduleTimezone:<workflow>  an IANA time zone
 *   scheduleEnabled:<workflow>   true | false (false deploys the schedule disabled)
 *
 * The un-suffixed `schedule`, `scheduleTimezone` and `scheduleEnabled` still set the pipeline's
 * (PIPELINE_WORKFLOW), as they did when it was the only workflow. A key naming no scheduled
 * workflow, or both spellings set to different values, fails synthesis naming the key.
 */
import { PIPELINE_WORKFLOW } from '../contracts/deployment.ts';
import type { Workflow } from '../workflows/registry.ts';
import { flag, type Lookup, SettingError, text } from './context-values.ts';

export type ScheduleSetting = {
  /** cron(...), rate(...) or at(...), as EventBridge Scheduler accepts it. */
  expression: string;
  /** IANA time zone the expression is read in. */
  timeZone: string;
  /** `false` deploys the schedule disabled. */
  enabled: boolean;
};

/** The context key of each field, before the `:<workflow>` suffix. */
export const SCHEDULE_KEYS = {
  expression: 'schedule',
  timeZone: 'scheduleTimezone',
  enabled: 'scheduleEnabled',
} as const;

type Field = keyof typeof SCHEDULE_KEYS;

/** `schedule:collect-bars`: the context key of one field of one workflow's schedule. */
export const scheduleKey = (field: Field, workflow: string): string =>
  `${SCHEDULE_KEYS[field]}:${workflow}`;

/** EventBridge Scheduler: cron(6 fields), rate(n unit) or at(yyyy-mm-ddThh:mm:ss). */
const SCHEDULE =
  /^(cron\((\S+ ){5}\S+\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\)|at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\))$/;
const SCHEDULE_RULE = 'must be an EventBridge Scheduler cron(...), rate(...) or at(...) expression';
const TIME_ZONE = /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/;
const TIME_ZONE_RULE = 'must be an IANA time zone such as Europe/London';

const isKnownTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const readers: Record<Field, (get: Lookup, key: string) => string | boolean | undefined> = {
  expression: (get, key) => text(get, key, SCHEDULE, SCHEDULE_RULE),
  timeZone: (get, key) => {
    const zone = text(get, key, TIME_ZONE, TIME_ZONE_RULE);
    if (zone !== undefined && !isKnownTimeZone(zone)) {
      throw new SettingError(key, TIME_ZONE_RULE, zone);
    }
    return zone;
  },
  enabled: (get, key) => flag(get, key),
};

const SUFFIXED = new RegExp(`^(${Object.values(SCHEDULE_KEYS).join('|')}):(.*)$`);

/** A `schedule...:<workflow>` key must name a workflow that declares a schedule. */
const checkKeys = (keys: readonly string[], workflows: readonly Workflow[]) => {
  const scheduled = workflows.filter((w) => w.schedule !== undefined).map((w) => w.name);
  for (const key of keys) {
    const workflow = SUFFIXED.exec(key)?.[2];
    if (workflow === undefined || scheduled.includes(workflow)) continue;
    const registered = workflows.some((w) => w.name === workflow);
    throw new Error(
      registered
        ? `context '${key}': workflow '${workflow}' declares no schedule in workflows/registry.ts (scheduled: ${scheduled.join(', ') || 'none'})`
        : `context '${key}': no registered workflow '${workflow}' (registered: ${workflows.map((w) => w.name).join(', ')})`,
    );
  }
};

/** The registry's own values pass the rules context values do. */
const checkRegistry = (workflow: string, schedule: { expression: string; timeZone: string }) => {
  const where = `workflows/registry.ts: workflow '${workflow}'`;
  if (!SCHEDULE.test(schedule.expression)) {
    throw new Error(
      `${where} schedule.expression ${SCHEDULE_RULE}, got ${JSON.stringify(schedule.expression)}`,
    );
  }
  if (!TIME_ZONE.test(schedule.timeZone) || !isKnownTimeZone(schedule.timeZone)) {
    throw new Error(
      `${where} schedule.timeZone ${TIME_ZONE_RULE}, got ${JSON.stringify(schedule.timeZone)}`,
    );
  }
};

/** One field: `<key>:<workflow>`, else the pipeline's un-suffixed key, else the registry's value. */
const readField = (get: Lookup, workflow: string, field: Field, fallback: string | boolean) => {
  const key = scheduleKey(field, workflow);
  const own = readers[field](get, key);
  const legacy =
    workflow === PIPELINE_WORKFLOW ? readers[field](get, SCHEDULE_KEYS[field]) : undefined;
  if (own !== undefined && legacy !== undefined && own !== legacy) {
    throw new Error(
      `context '${SCHEDULE_KEYS[field]}' and '${key}' both set the ${workflow} schedule, to ${JSON.stringify(legacy)} and ${JSON.stringify(own)}: keep one`,
    );
  }
  return own ?? legacy ?? fallback;
};

/**
 * The schedule of each scheduled workflow, by name. The registry's values are checked by the same
 * rules as context values; `keys` (every context key set), when given, is checked for typos.
 */
export const readSchedules = (
  get: Lookup,
  workflows: readonly Workflow[],
  keys?: readonly string[],
): Record<string, ScheduleSetting> => {
  if (keys !== undefined) checkKeys(keys, workflows);
  const pipeline = workflows.find((w) => w.name === PIPELINE_WORKFLOW);
  if (pipeline?.schedule === undefined) {
    for (const key of Object.values(SCHEDULE_KEYS)) {
      if (get(key) !== undefined) {
        throw new Error(
          `context '${key}' sets the schedule of workflow '${PIPELINE_WORKFLOW}', which is not deployed with a schedule here; use '${key}:<workflow>'`,
        );
      }
    }
  }
  const schedules: Record<string, ScheduleSetting> = {};
  for (const w of workflows) {
    if (w.schedule === undefined) continue;
    checkRegistry(w.name, w.schedule);
    schedules[w.name] = {
      expression: readField(get, w.name, 'expression', w.schedule.expression) as string,
      timeZone: readField(get, w.name, 'timeZone', w.schedule.timeZone) as string,
      enabled: readField(get, w.name, 'enabled', true) as boolean,
    };
  }
  return schedules;
};
