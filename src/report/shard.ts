/**
 * Sharding a run (`ncverify run --shard i/n`): the work units of a suite are numbered in a
 * fixed order (every instance of every claim, claim by claim, then one unit per claim for its
 * planted variants, then one unit per study, then one per claim for its assumption-necessity
 * table, then one per failure map) and shard i takes the units u with u mod n = i - 1. Instances are sampled
 * and seeded by their index within the unsharded run, so a shard checks exactly the instances
 * the unsharded run checks, with the same solver seeds; round-robin keeps shards balanced.
 */
import { InputError } from '../errors.ts';
import type { RunPlan, ShardInfo } from './report.ts';

/** Parses "i/n" (1 <= i <= n). */
export function parseShard(text: string, flag = '--shard'): ShardInfo {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new InputError(flag, `expected "i/n" (e.g. 2/4), got ${JSON.stringify(text)}`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new InputError(flag, `expected 1 <= i <= n, got ${index}/${count}`);
  return { index, count };
}

/** Which units of a plan a shard runs. Without a shard, everything. */
export interface ShardSelection {
  /** Whether instance `instance` of the plan's claim number `claim` is in this shard. */
  instance(claim: number, instance: number): boolean;
  /** Whether the planted variants of the plan's claim number `claim` are in this shard. */
  mutations(claim: number): boolean;
  /** Whether the plan's study number `study` is in this shard. */
  study(study: number): boolean;
  /** Whether the assumption-necessity table of the plan's claim number `claim` is in this shard. */
  necessity(claim: number): boolean;
  /** Whether the plan's failure map number `map` is in this shard. */
  map(map: number): boolean;
}

export function shardSelection(plan: RunPlan, shard: ShardInfo | undefined): ShardSelection {
  const offsets: number[] = [];
  let total = 0;
  for (const c of plan.claims) {
    offsets.push(total);
    total += c.instances;
  }
  const mine = (unit: number) => !shard || unit % shard.count === shard.index - 1;
  return {
    instance: (claim, instance) => mine(offsets[claim] + instance),
    mutations: (claim) => mine(total + claim),
    study: (study) => mine(total + plan.claims.length + study),
    necessity: (claim) => mine(total + plan.claims.length + (plan.studies?.length ?? 0) + claim),
    map: (map) => mine(total + 2 * plan.claims.length + (plan.studies?.length ?? 0) + map),
  };
}
