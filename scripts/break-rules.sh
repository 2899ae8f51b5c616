#!/usr/bin/env bash
# Breaks each layer and dead-code rule once on purpose, shows the check going red (exit != 0), restores the file.
# `npm run check:rules-red`: every line must say exit 1 or more; a 0 means a rule can no longer fail.
set -u
cd "$(dirname "$0")/.."
try() { # name, file, line to append
  local name="$1" file="$2" line="$3" created=0
  [ -e "$file" ] || created=1
  cp "$file" /tmp/_rule_backup 2>/dev/null
  # interrupted: the file as it was
  trap 'if [ $created = 1 ]; then rm -f "$file"; else cp /tmp/_rule_backup "$file"; fi; exit 130' INT TERM
  printf '%s\n' "$line" >> "$file"
  out=$( { npx depcruise src scripts e2e --config .dependency-cruiser.cjs && npx depcruise src/main.tsx --config .dependency-cruiser-page.cjs && npx knip; } 2>&1 ); rc=$?
  if [ $created = 1 ]; then rm -f "$file"; else cp /tmp/_rule_backup "$file"; fi
  echo "{\"broke\":\"$name\",\"exit\":$rc,\"says\":$(printf '%s' "$out" | grep -E 'error |Unused|✔' | grep -v '^$' | head -2 | tr '\n' ' ' | python3 -c 'import json,sys;print(json.dumps(sys.stdin.read().strip()[:200]))')}"
}
try "layer: data imports train"        src/data/csr.ts "import type { RunPlan } from '../train/plan'; export type _X = RunPlan;"
try "layer: compute imports model"     src/compute/memory.ts "import type { RatingModel } from '../model/rating-model'; export type _X = RatingModel;"
try "layer: serve imports tune"        src/serve/recommend.ts "import type { Tuner } from '../tune/tuner'; export type _X = Tuner;"
try "page imports train"               src/ui/state/runs.ts "import type { RunPlan } from '../../train/plan'; export type _X = RunPlan;"
try "cycle (type-only)"                src/data/types.ts "import type * as C from './csr'; export type _X = typeof C;"
try "src imports scripts"              src/data/rng.ts "import { CHROMIUM_ARGS } from '../../scripts/lib/chromium'; export const _x = CHROMIUM_ARGS;"
try "src imports e2e"                  src/data/rng.ts "import { test } from '../../e2e/fixtures'; export const _x = test;"
try "production imports src/testing"   src/train/plan.ts "import { tinyTrainData } from '../testing/trainers'; export const _x = tinyTrainData;"
try "script imports page"              scripts/lib/args.ts "import { overfitHint } from '../../src/ui/state/status'; export const _x = overfitHint;"
try "script imports e2e"               scripts/lib/args.ts "import { test } from '../../e2e/fixtures'; export const _x = test;"
try "tfjs reachable from the page"     src/ui/state/runs.ts "import * as tf from '@tensorflow/tfjs'; export const _x = tf.version;"
try "dead: unused export"              src/data/rng.ts "export const unusedThing = 1;"
try "dead: unused file"                src/data/orphan.ts "export const orphan = 1;"
