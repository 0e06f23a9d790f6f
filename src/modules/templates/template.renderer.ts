import type { Kysely } from 'kysely';
import type { Logger } from '../../platform/logger/index.js';
import type { DatabaseSchema } from '../../platform/db/index.js';
import { compileTemplate, type CompiledTemplate, type CompileOptions } from './compiled-template.js';
import { LruCache } from './lru.cache.js';
import { TemplateRepository, versionSource } from './templates.repository.js';
import { loadMergeCompany, withCompany } from './company.context.js';
import type { MergeCompany } from './merge-context.js';
import { systemClock, type Clock } from '../../platform/clock/index.js';

/** Options for {@link TemplateRenderer}. */
export interface TemplateRendererOptions {
  readonly db: Kysely<DatabaseSchema>;
  readonly logger: Logger;
  /** Compiled versions kept in memory (default 200); a compiled MJML template is ~10–50 KB. */
  readonly maxCached?: number;
  /** See {@link CompileOptions.customFields}. */
  readonly customFields?: readonly string[];
  /** See {@link CompileOptions.textStrategy}. */
  readonly textStrategy?: CompileOptions['textStrategy'];
  /** How long the company profile is reused before it is read again (default 30 s). */
  readonly companyCacheMs?: number;
  /** Ages the company cache; defaults to the system clock. */
  readonly clock?: Clock;
}

/** Counters for tests, metrics and the benchmark. */
export interface RendererStats {
  /** Versions compiled (each one ran MJML at most once). */
  compiles: number;
  hits: number;
  misses: number;
}

/**
 * Compiles template versions once and caches them by version id. Versions are immutable, so a
 * cached compile never goes stale; the LRU bound only limits memory. Concurrent requests for the
 * same version share one compile (the cache holds the promise), so a campaign starting 1,000
 * renders at once still runs MJML once.
 */
export class TemplateRenderer {
  readonly #repository: TemplateRepository;
  readonly #logger: Logger;
  readonly #cache: LruCache<number, Promise<CompiledTemplate>>;
  readonly #compileOptions: CompileOptions;
  readonly stats: RendererStats = { compiles: 0, hits: 0, misses: 0 };
  readonly #db: Kysely<DatabaseSchema>;
  readonly #clock: Clock;
  readonly #companyCacheMs: number;
  #company: { at: number; company: Promise<MergeCompany> } | undefined;

  constructor(options: TemplateRendererOptions) {
    this.#db = options.db;
    this.#clock = options.clock ?? systemClock;
    this.#companyCacheMs = options.companyCacheMs ?? 30_000;
    this.#repository = new TemplateRepository({ db: options.db });
    this.#logger = options.logger;
    this.#cache = new LruCache(options.maxCached ?? 200);
    this.#compileOptions = { customFields: options.customFields, textStrategy: options.textStrategy };
  }

  /**
   * The compiled form of a version (cached), merging the company profile into contexts that do
   * not carry one. Throws NOT_FOUND or the compile error.
   */
  async compileVersion(versionId: number): Promise<CompiledTemplate> {
    const [compiled, company] = await Promise.all([this.#compiled(versionId), this.#loadCompany()]);
    return withCompany(compiled, company);
  }

  /** The company profile, read again after `companyCacheMs` so an edit shows without a restart. */
  #loadCompany(): Promise<MergeCompany> {
    const now = this.#clock.now();
    if (this.#company && now - this.#company.at < this.#companyCacheMs) return this.#company.company;
    const company = loadMergeCompany(this.#db);
    this.#company = { at: now, company };
    company.catch(() => {
      this.#company = undefined;
    });
    return company;
  }

  #compiled(versionId: number): Promise<CompiledTemplate> {
    const cached = this.#cache.get(versionId);
    if (cached) {
      this.stats.hits += 1;
      return cached;
    }
    this.stats.misses += 1;
    const compiling = this.#compile(versionId);
    this.#cache.set(versionId, compiling);
    // A failed compile is not cached: the cause may be transient (the database), and a bad
    // version fails the same way again anyway.
    compiling.catch(() => this.#cache.delete(versionId));
    return compiling;
  }

  async #compile(versionId: number): Promise<CompiledTemplate> {
    const started = performance.now();
    const { template, version } = await this.#repository.getVersion(versionId);
    const variants = (await this.#repository.listVariants([version.id])).get(Number(version.id)) ?? [];
    const compiled = await compileTemplate(versionSource(template, version, variants), this.#compileOptions);
    this.stats.compiles += 1;
    this.#logger.debug({ versionId, template: template.name, ms: Math.round(performance.now() - started) }, 'template version compiled');
    return compiled;
  }
}
