;; Sparse AutoRec kernels, 128-bit SIMD. Built into kernels-wasm.ts by `npm run build:kernels`.
;; Matrices are row-major f32 with `h` columns; index arrays hold row numbers (i32); every
;; pointer is a byte offset into the module's memory: its own, or (the other builds) an imported one, so
;; that the kernels work in place on the tensors of tfjs's wasm backend; the shared build imports a shared
;; memory, so that several threads (kernels/threads.ts) run one call, each on its own part of the output.
(module
  (memory (export "memory") 1)

  ;; for k < n with r0 <= yi[k] < r1: y[yi[k]] += a[k] * x[xi[k]]   (rows of length h). A thread given the
  ;; output rows r0..r1 writes only those: each output row has one writer (whole rows: threads that shared
  ;; rows, split by columns, fought over the cache line where their columns meet, at every entry).
  (func (export "scatter")
    (param $n i32) (param $a i32) (param $yi i32) (param $y i32) (param $xi i32) (param $x i32) (param $h i32) (param $r0 i32) (param $r1 i32)
    (local $k i32) (local $s f32) (local $sv v128) (local $yp i32) (local $xp i32) (local $r i32)
    (local $row i32) (local $len i32) (local $end i32) (local $end4 i32) (local $end16 i32)
    (local.set $row (i32.shl (local.get $h) (i32.const 2)))
    (local.set $len (local.get $row))
    (block $done
      (loop $entry
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $r (i32.load (i32.add (local.get $yi) (i32.shl (local.get $k) (i32.const 2)))))
        (if (i32.or (i32.lt_s (local.get $r) (local.get $r0)) (i32.ge_s (local.get $r) (local.get $r1)))
          (then
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $entry)))
        (local.set $s (f32.load (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2)))))
        (local.set $sv (f32x4.splat (local.get $s)))
        (local.set $yp (i32.add (local.get $y) (i32.mul (local.get $r) (local.get $row))))
        (local.set $xp (i32.add (local.get $x)
          (i32.mul (i32.load (i32.add (local.get $xi) (i32.shl (local.get $k) (i32.const 2)))) (local.get $row))))
        (local.set $end (i32.add (local.get $yp) (local.get $len)))
        (local.set $end4 (i32.sub (local.get $end) (i32.and (local.get $len) (i32.const 15))))
        (local.set $end16 (i32.sub (local.get $end) (i32.and (local.get $len) (i32.const 63))))
        (block $b16 (loop $l16
          (br_if $b16 (i32.ge_u (local.get $yp) (local.get $end16)))
          (v128.store offset=0 (local.get $yp) (f32x4.add (v128.load offset=0 (local.get $yp))
            (f32x4.mul (local.get $sv) (v128.load offset=0 (local.get $xp)))))
          (v128.store offset=16 (local.get $yp) (f32x4.add (v128.load offset=16 (local.get $yp))
            (f32x4.mul (local.get $sv) (v128.load offset=16 (local.get $xp)))))
          (v128.store offset=32 (local.get $yp) (f32x4.add (v128.load offset=32 (local.get $yp))
            (f32x4.mul (local.get $sv) (v128.load offset=32 (local.get $xp)))))
          (v128.store offset=48 (local.get $yp) (f32x4.add (v128.load offset=48 (local.get $yp))
            (f32x4.mul (local.get $sv) (v128.load offset=48 (local.get $xp)))))
          (local.set $yp (i32.add (local.get $yp) (i32.const 64)))
          (local.set $xp (i32.add (local.get $xp) (i32.const 64)))
          (br $l16)))
        (block $b4 (loop $l4
          (br_if $b4 (i32.ge_u (local.get $yp) (local.get $end4)))
          (v128.store (local.get $yp) (f32x4.add (v128.load (local.get $yp))
            (f32x4.mul (local.get $sv) (v128.load (local.get $xp)))))
          (local.set $yp (i32.add (local.get $yp) (i32.const 16)))
          (local.set $xp (i32.add (local.get $xp) (i32.const 16)))
          (br $l4)))
        (block $b1 (loop $l1
          (br_if $b1 (i32.ge_u (local.get $yp) (local.get $end)))
          (f32.store (local.get $yp) (f32.add (f32.load (local.get $yp))
            (f32.mul (local.get $s) (f32.load (local.get $xp)))))
          (local.set $yp (i32.add (local.get $yp) (i32.const 4)))
          (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
          (br $l1)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $entry))))

  ;; for r < rows: the first w floats of row r of y (rows h floats apart) = 0: a thread zeroes its own rows
  ;; of a scatter's output before adding into them, so the zeroing is split over the threads too
  (func (export "zero") (param $y i32) (param $rows i32) (param $h i32) (param $w i32)
    (local $r i32) (local $row i32) (local $len i32)
    (local.set $row (i32.shl (local.get $h) (i32.const 2)))
    (local.set $len (i32.shl (local.get $w) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (memory.fill (local.get $y) (i32.const 0) (local.get $len))
        (local.set $y (i32.add (local.get $y) (local.get $row)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))

  ;; for k < n: out[k] = p[pi[k]] . q[qi[k]]   (rows of length h)
  (func (export "dots")
    (param $n i32) (param $out i32) (param $pi i32) (param $p i32) (param $qi i32) (param $q i32) (param $h i32)
    (local $k i32) (local $pp i32) (local $qp i32) (local $acc v128) (local $acc2 v128) (local $s f32)
    (local $row i32) (local $end i32) (local $end4 i32) (local $end8 i32)
    (local.set $row (i32.shl (local.get $h) (i32.const 2)))
    (block $done
      (loop $entry
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $pp (i32.add (local.get $p)
          (i32.mul (i32.load (i32.add (local.get $pi) (i32.shl (local.get $k) (i32.const 2)))) (local.get $row))))
        (local.set $qp (i32.add (local.get $q)
          (i32.mul (i32.load (i32.add (local.get $qi) (i32.shl (local.get $k) (i32.const 2)))) (local.get $row))))
        (local.set $end (i32.add (local.get $pp) (local.get $row)))
        (local.set $end4 (i32.sub (local.get $end) (i32.and (local.get $row) (i32.const 15))))
        (local.set $end8 (i32.sub (local.get $end) (i32.and (local.get $row) (i32.const 31))))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $acc2 (v128.const i32x4 0 0 0 0))
        (block $b8 (loop $l8
          (br_if $b8 (i32.ge_u (local.get $pp) (local.get $end8)))
          (local.set $acc (f32x4.add (local.get $acc)
            (f32x4.mul (v128.load offset=0 (local.get $pp)) (v128.load offset=0 (local.get $qp)))))
          (local.set $acc2 (f32x4.add (local.get $acc2)
            (f32x4.mul (v128.load offset=16 (local.get $pp)) (v128.load offset=16 (local.get $qp)))))
          (local.set $pp (i32.add (local.get $pp) (i32.const 32)))
          (local.set $qp (i32.add (local.get $qp) (i32.const 32)))
          (br $l8)))
        (local.set $acc (f32x4.add (local.get $acc) (local.get $acc2)))
        (block $b4 (loop $l4
          (br_if $b4 (i32.ge_u (local.get $pp) (local.get $end4)))
          (local.set $acc (f32x4.add (local.get $acc)
            (f32x4.mul (v128.load (local.get $pp)) (v128.load (local.get $qp)))))
          (local.set $pp (i32.add (local.get $pp) (i32.const 16)))
          (local.set $qp (i32.add (local.get $qp) (i32.const 16)))
          (br $l4)))
        (local.set $s (f32.add
          (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
          (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (block $b1 (loop $l1
          (br_if $b1 (i32.ge_u (local.get $pp) (local.get $end)))
          (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $pp)) (f32.load (local.get $qp)))))
          (local.set $pp (i32.add (local.get $pp) (i32.const 4)))
          (local.set $qp (i32.add (local.get $qp) (i32.const 4)))
          (br $l1)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (local.get $s))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $entry))))
;; Dropout mask: for i < n, with j = first + i (the element's index in the whole mask) and
  ;; h = fmix32(j * 0x9E3779B9 + seed) (MurmurHash3's finaliser): out[i] = scale if h >= threshold
  ;; (unsigned), else 0. Integer arithmetic only: dropout.ts computes the same mask in JavaScript.
  (func (export "dropout") (param $out i32) (param $n i32) (param $first i32) (param $seed i32) (param $threshold i32) (param $scale f32)
    (local $i i32) (local $h i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $h (i32.add (i32.mul (i32.add (local.get $first) (local.get $i)) (i32.const 0x9E3779B9)) (local.get $seed)))
        (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
        (local.set $h (i32.mul (local.get $h) (i32.const 0x85EBCA6B)))
        (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
        (local.set $h (i32.mul (local.get $h) (i32.const 0xC2B2AE35)))
        (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (select (local.get $scale) (f32.const 0) (i32.ge_u (local.get $h) (local.get $threshold))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

;; Adam, fused: for i < n, with g = g[i] + l2 * w[i] (weight decay folded in; l2 = 0 for biases):
;;   m = b1 m + omb1 g;  v = b2 v + omb2 g g;  w = (m / oma1) / (sqrt(v / oma2) + eps) * nlr + w
;; m and v in place, the new w to wo; the order of operations is tfjs's AdamOptimizer's, in f32.
  (func (export "adam")
    (param $n i32) (param $w i32) (param $wo i32) (param $g i32) (param $m i32) (param $v i32) (param $l2 f32)
    (param $b1 f32) (param $omb1 f32) (param $b2 f32) (param $omb2 f32)
    (param $oma1 f32) (param $oma2 f32) (param $eps f32) (param $nlr f32)
    (local $i i32) (local $end4 i32) (local $o i32)
    (local $gv v128) (local $mv v128) (local $vv v128) (local $wv v128)
    (local $gs f32) (local $ms f32) (local $vs f32) (local $ws f32)
    (local.set $end4 (i32.and (local.get $n) (i32.const -4)))
    (block $b4 (loop $l4
      (br_if $b4 (i32.ge_u (local.get $i) (local.get $end4)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $wv (v128.load (i32.add (local.get $w) (local.get $o))))
      (local.set $gv (f32x4.add (v128.load (i32.add (local.get $g) (local.get $o)))
        (f32x4.mul (local.get $wv) (f32x4.splat (local.get $l2)))))
      (local.set $mv (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $o))) (f32x4.splat (local.get $b1)))
        (f32x4.mul (local.get $gv) (f32x4.splat (local.get $omb1)))))
      (local.set $vv (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $o))) (f32x4.splat (local.get $b2)))
        (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (f32x4.splat (local.get $omb2)))))
      (v128.store (i32.add (local.get $m) (local.get $o)) (local.get $mv))
      (v128.store (i32.add (local.get $v) (local.get $o)) (local.get $vv))
      (v128.store (i32.add (local.get $wo) (local.get $o))
        (f32x4.add (f32x4.mul
          (f32x4.div (f32x4.div (local.get $mv) (f32x4.splat (local.get $oma1)))
            (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (f32x4.splat (local.get $oma2)))) (f32x4.splat (local.get $eps))))
          (f32x4.splat (local.get $nlr))) (local.get $wv)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l4)))
    (block $b1 (loop $l1
      (br_if $b1 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $ws (f32.load (i32.add (local.get $w) (local.get $o))))
      (local.set $gs (f32.add (f32.load (i32.add (local.get $g) (local.get $o))) (f32.mul (local.get $ws) (local.get $l2))))
      (local.set $ms (f32.add (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $b1)) (f32.mul (local.get $gs) (local.get $omb1))))
      (local.set $vs (f32.add (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
        (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $omb2))))
      (f32.store (i32.add (local.get $m) (local.get $o)) (local.get $ms))
      (f32.store (i32.add (local.get $v) (local.get $o)) (local.get $vs))
      (f32.store (i32.add (local.get $wo) (local.get $o))
        (f32.add (f32.mul
          (f32.div (f32.div (local.get $ms) (local.get $oma1))
            (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $oma2))) (local.get $eps)))
          (local.get $nlr)) (local.get $ws)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l1))))
)
