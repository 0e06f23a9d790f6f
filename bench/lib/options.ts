/** Command-line options of `npm run bench`. */
export interface BenchOptions {
  /** Campaign size and the count for the limit and baseline runs. */
  readonly messages: number;
  readonly quick: boolean;
  readonly million: boolean;
  readonly skipDistributed: boolean;
  /** Jobs in flight in the send pipeline. */
  readonly concurrency: number;
  /** Use the bench's own composer and recipient source rather than the runtime's real ports. */
  readonly benchPorts: boolean;
  /** Write a CPU profile of the embedded campaign (only the campaign window) to this file. */
  readonly profile: string | undefined;
  /** Print how many SQL statements of each text the embedded campaign executed (per message). */
  readonly sqlStats: boolean;
  readonly inboxMessages: number;
  readonly smsMessages: number;
  readonly merges: number;
  /** Messages `inbox classify` reads in the classify step. */
  readonly classifyMessages: number;
  /** Run only these steps (e.g. `--only embedded` under --cpu-prof); all when empty. */
  readonly only: ReadonlySet<string>;
}

export const STEPS = ['startup', 'classify', 'limit', 'baseline', 'embedded', 'distributed', 'merges', 'inbox', 'sms', 'memory'] as const;

const USAGE = `usage: npm run bench -- [STEP,…] [--messages N] [--quick] [--million] [--skip-distributed] [--concurrency N] [--bench-ports] [--profile FILE.cpuprofile] [--sql-stats] [--sms-messages N] [--inbox-messages N] [--classify-messages N] [--only ${STEPS.join(',')}]`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  let messages: number | undefined;
  let quick = false;
  let million = false;
  let skipDistributed = false;
  let concurrency = 64;
  let benchPorts = false;
  let profile: string | undefined;
  let sqlStats = false;
  let smsMessages: number | undefined;
  let inboxMessages: number | undefined;
  let classifyMessages: number | undefined;
  const only = new Set<string>();
  const int = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a positive integer\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--messages') messages = int(arg, argv[++i]);
    else if (arg === '--quick') quick = true;
    else if (arg === '--million') million = true;
    else if (arg === '--skip-distributed') skipDistributed = true;
    else if (arg === '--bench-ports') benchPorts = true;
    else if (arg === '--profile') profile = argv[++i];
    else if (arg === '--sql-stats') sqlStats = true;
    else if (arg === '--concurrency') concurrency = int(arg, argv[++i]);
    else if (arg === '--sms-messages') smsMessages = int(arg, argv[++i]);
    else if (arg === '--inbox-messages') inboxMessages = int(arg, argv[++i]);
    else if (arg === '--classify-messages') classifyMessages = int(arg, argv[++i]);
    else if (arg === '--only') {
      for (const step of String(argv[++i]).split(',')) {
        if (!(STEPS as readonly string[]).includes(step)) throw new Error(`unknown step ${step}\n${USAGE}`);
        only.add(step);
      }
    } else if (arg !== undefined && (STEPS as readonly string[]).includes(arg)) {
      // `npm run bench -- startup`: a bare step name is `--only` it.
      only.add(arg);
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return {
    messages: messages ?? (quick ? 2_000 : 20_000),
    quick,
    million,
    skipDistributed,
    concurrency,
    benchPorts,
    profile,
    sqlStats,
    inboxMessages: inboxMessages ?? (quick ? 1_000 : 10_000),
    classifyMessages: classifyMessages ?? (quick ? 2_000 : 10_000),
    smsMessages: smsMessages ?? (quick ? 500 : 5_000),
    merges: quick ? 20_000 : 100_000,
    only,
  };
}
