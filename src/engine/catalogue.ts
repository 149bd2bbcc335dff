/**
 * One catalogue for every kind of claim: theorems (defineTheorem) and studies (defineStudy), in
 * one registry with unique ids. Commands ask it for an entry of the kind they run, and an id of
 * another kind is answered with the command that id needs.
 */
import { InputError } from '../errors.ts';
import type { ClaimKind } from './claim.ts';
import { foreignEvidence } from './clauses.ts';
import type { Construction } from './construction.ts';
import type { Study } from './study.ts';
import { theoremEvidence, type Theorem } from './theorem.ts';

export type Claim = Theorem | Study | Construction;

/** The command that runs a claim of each kind. */
export const COMMAND_FOR: Record<ClaimKind, string> = {
  'global-minimiser': 'check',
  landscape: 'check',
  threshold: 'threshold',
  asymptotic: 'threshold',
  construction: 'construct',
  measurement: 'metrics',
};

export function isTheorem(c: Claim): c is Theorem {
  return c.kind === 'global-minimiser' || c.kind === 'landscape';
}

export function isStudy(c: Claim): c is Study {
  return c.kind === 'threshold' || c.kind === 'asymptotic';
}

export function isConstruction(c: Claim): c is Construction {
  return c.kind === 'construction';
}

/** The evidence names a claim's clauses may use without naming another catalogue entry (clauses.ts). */
export function localEvidence(c: Claim): Set<string> {
  if (isTheorem(c)) return theoremEvidence(c);
  if (isConstruction(c)) return new Set(c.checks.map((k) => k.name));
  return new Set();
}

export class Catalogue {
  private readonly byId = new Map<string, Claim>();

  /**
   * Refuses two entries with one id (which one a command, or a worker thread, found would be an
   * accident) and a clause checked by an id that is not in the catalogue.
   */
  constructor(
    readonly entries: readonly Claim[],
    readonly source = 'the catalogue',
  ) {
    for (const c of entries) {
      if (this.byId.has(c.id)) throw new InputError(`claim id "${c.id}"`, `is defined twice in ${source}`);
      this.byId.set(c.id, c);
    }
    for (const c of entries) {
      for (const id of foreignEvidence(c.clauses, localEvidence(c))) {
        if (!this.byId.has(id))
          throw new InputError(`${c.id}.clauses`, `a clause is checked by "${id}", which is neither a check of ${c.id} nor a claim of ${source}`);
      }
    }
  }

  /** This catalogue with `more` added (e.g. a user's theorem file); an id that is already taken is an error. */
  with(more: readonly Claim[], source: string): Catalogue {
    for (const c of more) {
      if (this.byId.has(c.id)) throw new InputError(source, `defines "${c.id}", which is already a claim of ${this.source}: give it another id`);
    }
    return new Catalogue([...this.entries, ...more], `${this.source} and ${source}`);
  }

  get theorems(): Theorem[] {
    return this.entries.filter(isTheorem);
  }

  get studies(): Study[] {
    return this.entries.filter(isStudy);
  }

  get constructions(): Construction[] {
    return this.entries.filter(isConstruction);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Any entry; an unknown id is an InputError listing the known ones. */
  get(id: string): Claim {
    const c = this.byId.get(id);
    if (!c) throw new InputError(`claim id "${id}"`, `unknown; known: ${[...this.byId.keys()].join(', ')}`);
    return c;
  }

  /** A theorem (global-minimiser or landscape) for `command`; another kind names the command it needs. */
  theorem(id: string, command = 'check'): Theorem {
    const c = this.get(id);
    if (isTheorem(c)) return c;
    throw this.wrongKind(c, command, 'a global-minimiser or landscape claim');
  }

  /** A threshold or asymptotic study for `command`; a theorem with studies names them. */
  study(id: string, command = 'threshold'): Study {
    const c = this.get(id);
    if (isStudy(c)) return c;
    throw this.wrongKind(c, command, 'a threshold or asymptotic study');
  }

  /** A construction claim for `command`. */
  construction(id: string, command = 'construct'): Construction {
    const c = this.get(id);
    if (isConstruction(c)) return c;
    throw this.wrongKind(c, command, 'a construction claim');
  }

  /** The studies that declare `of: id`. */
  studiesOf(id: string): Study[] {
    return this.studies.filter((s) => s.of === id);
  }

  private wrongKind(c: Claim, command: string, wanted: string): InputError {
    const studies = isTheorem(c) ? this.studiesOf(c.id) : [];
    const hint = studies.length > 0 ? `; its ${studies.map((s) => `${s.kind} study is ${s.id} (ncverify threshold ${s.id})`).join(', ')}` : '';
    return new InputError(
      `claim id "${c.id}"`,
      `is a ${c.kind} claim, not ${wanted}: run it with \`ncverify ${COMMAND_FOR[c.kind]} ${c.id}\`, not \`ncverify ${command}\`${hint}`,
    );
  }
}
