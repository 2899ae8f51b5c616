;; Sparse AutoRec kernels, 128-bit SIMD. Built into kernels-binary.ts by `npm run build:kernels`.
;; Matrices are row-major f32 with `h` columns; index arrays hold row numbers (i32); every
;; pointer is a byte offset into the module's memory: its own, or (the other builds) an imported one, so
;; that the kernels work in place on the tensors of tfjs's wasm backend; the shared build imports a shared
;; memory, so that several threads (threads.ts) run one call, each on its own part of the output. Every
;; function's parameter list is also KERNEL_ARGS's (kernel-args.ts, which threads.ts packs calls by): change both
;; (kernel-args.test.ts compares them).
(module
  (memory (export "memory") 1)

  ;; for r0 <= r < r1: y[r] = sum of a[k] * x[xi[k]] over j in [ptr[r], ptr[r+1]), k = order[j] where `ordered`,
  ;; else k = j (rows of length h): a scatter (y = 0; y[r] += a[k] x[xi[k]]) of entries grouped by output row.
  ;; A row's entries are added in j order from 0, as the plain scatter adds them, so the result is the plain
  ;; scatter's bit for bit (wasm SIMD has no FMA); but each output row is summed in registers, 32 columns at a
  ;; time, and written once (no zero pass, no read-modify-write of y per entry), and a thread given rows r0..r1
  ;; reads only their entries: each output row has one writer. (Rows outside, 32 columns inside measured 25%
  ;; faster than the other way round; 16 columns about the same; 48 or 64, or two entries per turn, slower.) `mode` finishes
  ;; each sum: 0 as it is, 1 + b[column], 2 sigmoid(. + b[column]), 3 relu(. + b[column]): a layer's bias and
  ;; activation.
  (func $rowsum (export "rowsum")
    (param $ptr i32) (param $order i32) (param $ordered i32) (param $a i32) (param $xi i32) (param $x i32)
    (param $h i32) (param $y i32) (param $b i32) (param $mode i32) (param $r0 i32) (param $r1 i32)
    (call $rowsumx (local.get $ptr) (local.get $order) (local.get $ordered) (local.get $a) (local.get $xi) (local.get $x)
      (local.get $h) (local.get $y) (local.get $b) (local.get $mode) (local.get $r0) (local.get $r1)
      (i32.shl (local.get $h) (i32.const 2)) (i32.const 0) (i32.shl (local.get $h) (i32.const 2))))

  ;; rowsum's loop over the columns c0 <= c < c1 (bytes into a row) of rows `row` bytes apart: the columns a tile of
  ;; encode's works on (the sums of those columns are rowsum's, bit for bit).
  (func $rowsumx
    (param $ptr i32) (param $order i32) (param $ordered i32) (param $a i32) (param $xi i32) (param $x i32)
    (param $h i32) (param $y i32) (param $b i32) (param $mode i32) (param $r0 i32) (param $r1 i32)
    (param $row i32) (param $c0 i32) (param $c1 i32)
    (local $r i32) (local $j i32) (local $j1 i32) (local $k i32) (local $c i32)
    (local $end32 i32) (local $end4 i32) (local $yp i32) (local $xp i32) (local $s f32) (local $sv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $v v128) (local $t v128) (local $n v128) (local $p v128)
    (local.set $end32 (i32.sub (local.get $c1) (i32.and (i32.sub (local.get $c1) (local.get $c0)) (i32.const 127))))
    (local.set $end4 (i32.sub (local.get $c1) (i32.and (i32.sub (local.get $c1) (local.get $c0)) (i32.const 15))))
    ;; row by row (a row's entries are read once per slab, from L1), each row in slabs of 32 floats (eight
    ;; 4-lane accumulators), then 4, then 1, then finished while it is in L1
    (local.set $r (local.get $r0))
    (block $rows (loop $nextrow
      (br_if $rows (i32.ge_u (local.get $r) (local.get $r1)))
      (local.set $c (local.get $c0))
      (block $b32 (loop $l32
        (br_if $b32 (i32.ge_u (local.get $c) (local.get $end32)))
          (local.set $yp (i32.add (i32.add (local.get $y) (local.get $c)) (i32.mul (local.get $r) (local.get $row))))
          (local.set $a0 (v128.const i32x4 0 0 0 0))
          (local.set $a1 (v128.const i32x4 0 0 0 0))
          (local.set $a2 (v128.const i32x4 0 0 0 0))
          (local.set $a3 (v128.const i32x4 0 0 0 0))
          (local.set $a4 (v128.const i32x4 0 0 0 0))
          (local.set $a5 (v128.const i32x4 0 0 0 0))
          (local.set $a6 (v128.const i32x4 0 0 0 0))
          (local.set $a7 (v128.const i32x4 0 0 0 0))
            (local.set $j (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
            (local.set $j1 (i32.load offset=4 (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
            ;; (the same loop twice: with the order, and without; a branch per entry here costs 15%)
            (if (local.get $ordered)
              (then
            (block $e32 (loop $m32
              (br_if $e32 (i32.ge_u (local.get $j) (local.get $j1)))
              (local.set $k (i32.load (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 2)))))
              (local.set $sv (f32x4.splat (f32.load (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))))
              (local.set $xp (i32.add (i32.add (local.get $x) (local.get $c))
                (i32.mul (i32.load (i32.add (local.get $xi) (i32.shl (local.get $k) (i32.const 2)))) (local.get $row))))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $sv) (v128.load offset=0 (local.get $xp)))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $sv) (v128.load offset=16 (local.get $xp)))))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $sv) (v128.load offset=32 (local.get $xp)))))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $sv) (v128.load offset=48 (local.get $xp)))))
              (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $sv) (v128.load offset=64 (local.get $xp)))))
              (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $sv) (v128.load offset=80 (local.get $xp)))))
              (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $sv) (v128.load offset=96 (local.get $xp)))))
              (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $sv) (v128.load offset=112 (local.get $xp)))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $m32))))
              (else
            (block $f32 (loop $n32
              (br_if $f32 (i32.ge_u (local.get $j) (local.get $j1)))
              (local.set $k (local.get $j))
              (local.set $sv (f32x4.splat (f32.load (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))))
              (local.set $xp (i32.add (i32.add (local.get $x) (local.get $c))
                (i32.mul (i32.load (i32.add (local.get $xi) (i32.shl (local.get $k) (i32.const 2)))) (local.get $row))))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $sv) (v128.load offset=0 (local.get $xp)))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $sv) (v128.load offset=16 (local.get $xp)))))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $sv) (v128.load offset=32 (local.get $xp)))))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $sv) (v128.load offset=48 (local.get $xp)))))
              (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $sv) (v128.load offset=64 (local.get $xp)))))
              (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $sv) (v128.load offset=80 (local.get $xp)))))
              (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $sv) (v128.load offset=96 (local.get $xp)))))
              (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $sv) (v128.load offset=112 (local.get $xp)))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $n32)))))
          (v128.store offset=0 (local.get $yp) (local.get $a0))
          (v128.store offset=16 (local.get $yp) (local.get $a1))
          (v128.store offset=32 (local.get $yp) (local.get $a2))
          (v128.store offset=48 (local.get $yp) (local.get $a3))
          (v128.store offset=64 (local.get $yp) (local.get $a4))
          (v128.store offset=80 (local.get $yp) (local.get $a5))
          (v128.store offset=96 (local.get $yp) (local.get $a6))
          (v128.store offset=112 (local.get $yp) (local.get $a7))
        (local.set $c (i32.add (local.get $c) (i32.const 128)))
        (br $l32)))
      (block $b4 (loop $l4
        (br_if $b4 (i32.ge_u (local.get $c) (local.get $end4)))
          (local.set $yp (i32.add (i32.add (local.get $y) (local.get $c)) (i32.mul (local.get $r) (local.get $row))))
          (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $j (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
            (local.set $j1 (i32.load offset=4 (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
            (block $e4 (loop $m4
              (br_if $e4 (i32.ge_u (local.get $j) (local.get $j1)))
              (local.set $k (if (result i32) (local.get $ordered)
                (then (i32.load (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 2)))))
                (else (local.get $j))))
              (local.set $sv (f32x4.splat (f32.load (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))))
              (local.set $xp (i32.add (i32.add (local.get $x) (local.get $c))
                (i32.mul (i32.load (i32.add (local.get $xi) (i32.shl (local.get $k) (i32.const 2)))) (local.get $row))))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $sv) (v128.load (local.get $xp)))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $m4)))
          (v128.store (local.get $yp) (local.get $a0))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $l4)))
      (block $b1 (loop $l1
        (br_if $b1 (i32.ge_u (local.get $c) (local.get $c1)))
          (local.set $yp (i32.add (i32.add (local.get $y) (local.get $c)) (i32.mul (local.get $r) (local.get $row))))
          (local.set $s (f32.const 0))
            (local.set $j (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
            (local.set $j1 (i32.load offset=4 (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
            (block $e1 (loop $m1
              (br_if $e1 (i32.ge_u (local.get $j) (local.get $j1)))
              (local.set $k (if (result i32) (local.get $ordered)
                (then (i32.load (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 2)))))
                (else (local.get $j))))
              (local.set $s (f32.add (local.get $s) (f32.mul
                (f32.load (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))
                (f32.load (i32.add (i32.add (local.get $x) (local.get $c))
                  (i32.mul (i32.load (i32.add (local.get $xi) (i32.shl (local.get $k) (i32.const 2)))) (local.get $row)))))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $m1)))
          (f32.store (local.get $yp) (local.get $s))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $l1)))
      ;; each sum finished (mode 1: + b[column]; 2: sigmoid(. + b[column]); 3: relu(. + b[column])), 4 columns at a
      ;; time; sigmoid(x) = 1 / (1 + e^-x), e^x as Cephes' expf: x = n ln2 + r, |r| <= ln2 / 2, a degree-7
      ;; polynomial in r times 2^n, x clamped to [-87, 88] (2^n stays normal): within 2 ulp
      (if (local.get $mode) (then
      (local.set $c (local.get $c0))
      (block $cd (loop $cl
        (br_if $cd (i32.ge_u (local.get $c) (local.get $c1)))
        ;; 4 columns from c; the row's last columns (fewer than 4 left) one at a time, in lane 0
        (local.set $k (i32.le_u (i32.add (local.get $c) (i32.const 16)) (local.get $c1)))
        (local.set $yp (i32.add (i32.add (local.get $y) (i32.mul (local.get $r) (local.get $row))) (local.get $c)))
        (if (local.get $k)
          (then (local.set $v (f32x4.add (v128.load (local.get $yp)) (v128.load (i32.add (local.get $b) (local.get $c))))))
          (else (local.set $v (f32x4.splat (f32.add (f32.load (local.get $yp)) (f32.load (i32.add (local.get $b) (local.get $c))))))))
        (if (i32.eq (local.get $mode) (i32.const 2))
          (then
              (local.set $t (f32x4.min (f32x4.max (f32x4.neg (local.get $v)) (f32x4.splat (f32.const -87))) (f32x4.splat (f32.const 88))))
              (local.set $n (f32x4.nearest (f32x4.mul (local.get $t) (f32x4.splat (f32.const 1.44269504088896341)))))
              (local.set $t (f32x4.sub (f32x4.sub (local.get $t) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693359375))))
                (f32x4.mul (local.get $n) (f32x4.splat (f32.const -2.12194440e-4)))))
              (local.set $p (f32x4.add (f32x4.mul (f32x4.splat (f32.const 1.9875691500e-4)) (local.get $t)) (f32x4.splat (f32.const 1.3981999507e-3))))
              (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $t)) (f32x4.splat (f32.const 8.3334519073e-3))))
              (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $t)) (f32x4.splat (f32.const 4.1665795894e-2))))
              (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $t)) (f32x4.splat (f32.const 1.6666665459e-1))))
              (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $t)) (f32x4.splat (f32.const 5.0000001201e-1))))
              (local.set $p (f32x4.add (f32x4.add (f32x4.mul (f32x4.mul (local.get $p) (local.get $t)) (local.get $t)) (local.get $t))
                (f32x4.splat (f32.const 1))))
              (local.set $p (f32x4.mul (local.get $p)
                (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32x4.splat (i32.const 127))) (i32.const 23))))
              ;; 0 below -87.33654 (where 1 / (1 + e^-x) is a subnormal float): XNNPACK's sigmoid, tfjs-wasm's, does the same;
              ;; subnormals cost a hundred cycles an operation on x86 in every product they enter
              (local.set $v (v128.andnot (f32x4.div (f32x4.splat (f32.const 1)) (f32x4.add (f32x4.splat (f32.const 1)) (local.get $p)))
                (f32x4.lt (local.get $v) (f32x4.splat (f32.const -87.33654)))))))
        (if (i32.eq (local.get $mode) (i32.const 3))
          (then (local.set $v (f32x4.max (local.get $v) (f32x4.splat (f32.const 0))))))
        (if (local.get $k)
          (then (v128.store (local.get $yp) (local.get $v)))
          (else (f32.store (local.get $yp) (f32x4.extract_lane 0 (local.get $v)))))
        (local.set $c (i32.add (local.get $c) (select (i32.const 16) (i32.const 4) (local.get $k))))
        (br $cl)))
      ))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $nextrow))))

  ;; for k < n: out[k] = p[pi[k]] . q[qi[k]]   (rows of length h), + b[qi[k]] where `hasb` (the decoder's bias,
  ;; added last, as tf.add(dots, gather(b, qi)) adds it)
  (func $dots (export "dots")
    (param $n i32) (param $out i32) (param $pi i32) (param $p i32) (param $qi i32) (param $q i32) (param $h i32)
    (param $b i32) (param $hasb i32)
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
        (if (local.get $hasb)
          (then (local.set $s (f32.add (local.get $s)
            (f32.load (i32.add (local.get $b) (i32.shl (i32.load (i32.add (local.get $qi) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 2))))))))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (local.get $s))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $entry))))
  ;; The gradient through an activation, from its output h: out = dy * (h * (1 - h)) for sigmoid (act 1),
  ;; dy * (h > 0 ? 1 : 0) for relu (act 2), dy for none (act 0): tfjs's gradients of Sigmoid and Relu, in f32.
  ;; Where `hasmask`, dropout came after the activation: dy is first multiplied by the dropout mask (see
  ;; "dropout": element i's index in the mask is first + i), as tfjs's gradient of h * mask does.
  (func $actgrad (export "actgrad") (param $n i32) (param $dy i32) (param $h i32) (param $out i32) (param $act i32)
    (param $first i32) (param $seed i32) (param $threshold i32) (param $scale f32) (param $hasmask i32)
    (local $i i32) (local $o i32) (local $step i32) (local $vec i32) (local $g v128) (local $y v128) (local $k v128)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      ;; 4 elements at a time; the last ones (fewer than 4 left) one at a time, in lane 0
      (local.set $vec (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (if (local.get $vec)
        (then
          (local.set $g (v128.load (i32.add (local.get $dy) (local.get $o))))
          (local.set $y (v128.load (i32.add (local.get $h) (local.get $o)))))
        (else
          (local.set $g (f32x4.splat (f32.load (i32.add (local.get $dy) (local.get $o)))))
          (local.set $y (f32x4.splat (f32.load (i32.add (local.get $h) (local.get $o)))))))
      (if (local.get $hasmask)
        (then
          ;; the mask of elements first + i .. + 3 (lane 0 alone counts in the tail), 4 hashes at once
          (local.set $k (i32x4.add (i32x4.splat (i32.add (local.get $first) (local.get $i))) (v128.const i32x4 0 1 2 3)))
          (local.set $k (i32x4.add (i32x4.mul (local.get $k) (i32x4.splat (i32.const 0x9E3779B9))) (i32x4.splat (local.get $seed))))
          (local.set $k (v128.xor (local.get $k) (i32x4.shr_u (local.get $k) (i32.const 16))))
          (local.set $k (i32x4.mul (local.get $k) (i32x4.splat (i32.const 0x85EBCA6B))))
          (local.set $k (v128.xor (local.get $k) (i32x4.shr_u (local.get $k) (i32.const 13))))
          (local.set $k (i32x4.mul (local.get $k) (i32x4.splat (i32.const 0xC2B2AE35))))
          (local.set $k (v128.xor (local.get $k) (i32x4.shr_u (local.get $k) (i32.const 16))))
          (local.set $g (f32x4.mul (local.get $g) (v128.bitselect (f32x4.splat (local.get $scale)) (f32x4.splat (f32.const 0))
            (i32x4.ge_u (local.get $k) (i32x4.splat (local.get $threshold))))))))
      (if (i32.eq (local.get $act) (i32.const 1))
        (then (local.set $g (f32x4.mul (local.get $g)
          (f32x4.mul (local.get $y) (f32x4.sub (f32x4.splat (f32.const 1)) (local.get $y)))))))
      (if (i32.eq (local.get $act) (i32.const 2))
        (then (local.set $g (f32x4.mul (local.get $g)
          (v128.and (f32x4.gt (local.get $y) (f32x4.splat (f32.const 0))) (f32x4.splat (f32.const 1)))))))
      (if (local.get $vec)
        (then (v128.store (i32.add (local.get $out) (local.get $o)) (local.get $g)))
        (else (f32.store (i32.add (local.get $out) (local.get $o)) (f32x4.extract_lane 0 (local.get $g)))))
      (local.set $i (i32.add (local.get $i) (select (i32.const 4) (i32.const 1) (local.get $vec))))
      (br $next))))

  ;; Column sums of x [rows, h]: out[c] = x[0][c] + x[1][c] + ... (row order, from 0) for c0 <= c < c1; 16 columns
  ;; at a time, then 4, then one (a dense layer's bias gradient).
  (func $colsum (export "colsum") (param $x i32) (param $rows i32) (param $h i32) (param $out i32) (param $c0 i32) (param $c1 i32)
    (local $c i32) (local $r i32) (local $p i32) (local $row i32) (local $s f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $row (i32.shl (local.get $h) (i32.const 2)))
    (local.set $c (local.get $c0))
    (block $b16 (loop $l16
      (br_if $b16 (i32.gt_u (i32.add (local.get $c) (i32.const 16)) (local.get $c1)))
      (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
      (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
      (local.set $p (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))
      (local.set $r (i32.const 0))
      (block $e16 (loop $m16
        (br_if $e16 (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a0 (f32x4.add (local.get $a0) (v128.load offset=0 (local.get $p))))
        (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=16 (local.get $p))))
        (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=32 (local.get $p))))
        (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=48 (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $row)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $m16)))
      (local.set $p (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
      (v128.store offset=0 (local.get $p) (local.get $a0))
      (v128.store offset=16 (local.get $p) (local.get $a1))
      (v128.store offset=32 (local.get $p) (local.get $a2))
      (v128.store offset=48 (local.get $p) (local.get $a3))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br $l16)))
    (block $b4 (loop $l4
      (br_if $b4 (i32.gt_u (i32.add (local.get $c) (i32.const 4)) (local.get $c1)))
      (local.set $a0 (v128.const i32x4 0 0 0 0))
      (local.set $p (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))
      (local.set $r (i32.const 0))
      (block $e4 (loop $m4
        (br_if $e4 (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a0 (f32x4.add (local.get $a0) (v128.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $row)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $m4)))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))) (local.get $a0))
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (br $l4)))
    (block $b1 (loop $l1
      (br_if $b1 (i32.ge_u (local.get $c) (local.get $c1)))
      (local.set $s (f32.const 0))
      (local.set $p (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))
      (local.set $r (i32.const 0))
      (block $e1 (loop $m1
        (br_if $e1 (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (f32.add (local.get $s) (f32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $row)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $m1)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))) (local.get $s))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $l1))))

  ;; Dropout mask: for i < n, with j = first + i (the element's index in the whole mask) and
  ;; h = fmix32(j * 0x9E3779B9 + seed) (MurmurHash3's finaliser): out[i] = scale if h >= threshold
  ;; (unsigned), else 0; where `hasx`, out[i] = x[i] * that (dropout applied to x). Integer arithmetic only:
  ;; dropout.ts computes the same mask in JavaScript.
  (func $dropout (export "dropout") (param $out i32) (param $n i32) (param $first i32) (param $seed i32) (param $threshold i32) (param $scale f32)
    (param $x i32) (param $hasx i32)
    (local $i i32) (local $h i32) (local $m f32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $h (i32.add (i32.mul (i32.add (local.get $first) (local.get $i)) (i32.const 0x9E3779B9)) (local.get $seed)))
        (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
        (local.set $h (i32.mul (local.get $h) (i32.const 0x85EBCA6B)))
        (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
        (local.set $h (i32.mul (local.get $h) (i32.const 0xC2B2AE35)))
        (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
        (local.set $m (select (local.get $scale) (f32.const 0) (i32.ge_u (local.get $h) (local.get $threshold))))
        (if (local.get $hasx)
          (then (local.set $m (f32.mul (f32.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2)))) (local.get $m)))))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2))) (local.get $m))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

;; Adam, fused: for i < n, with g = g[i] + l2 * w[i] (weight decay folded in; l2 = 0 for biases):
;;   m = b1 m + omb1 g;  v = b2 v + omb2 g g;  w = (m / oma1) / (sqrt(v / oma2) + eps) * nlr + w
;; m and v in place, the new w to wo; the order of operations is tfjs's AdamOptimizer's, in f32.
  (func $adam (export "adam")
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
;; The default model's training step (fused-step.ts): one hidden layer, the sparse input and the decoder only at
;; the ratings, in four calls per batch with no other work between them: encode (rows), decode (rows), update
;; (columns: the weights' rows) and biasupdate (hidden units). Each is the very arithmetic of the kernels above as
;; the separate calls of the tfjs path run them (rowsum, dots, actgrad, colsum, adam, dropout), so a step gives that
;; path's numbers bit for bit; only what lies between the calls is gone (tfjs's tape, copies, allocations).

  ;; encode, rows r0 <= r < r1 of the batch's block: y = act(x W + b) (rowsum, mode = 1 + the activation's code, in
  ;; tiles of `tile` bytes of columns, a multiple of 16),
  ;; then hd = y times the dropout mask (element index r h + column) where `hasmask` (else the caller passes hd = y).
  (func $encode (export "encode")
    (param $ptr i32) (param $a i32) (param $xi i32) (param $x i32) (param $h i32) (param $y i32) (param $b i32) (param $mode i32)
    (param $hd i32) (param $seed i32) (param $threshold i32) (param $scale f32) (param $hasmask i32) (param $tile i32)
    (param $r0 i32) (param $r1 i32)
    (local $o i32) (local $row i32) (local $c i32) (local $ce i32)
    ;; a tile of `tile` bytes of every row at a time: the weight's columns of a tile (inputs x tile) stay in L2 while
    ;; every row of the part gathers from them
    (local.set $row (i32.shl (local.get $h) (i32.const 2)))
    (local.set $c (i32.const 0))
    (block $tiles (loop $nexttile
      (br_if $tiles (i32.ge_u (local.get $c) (local.get $row)))
      (local.set $ce (select (i32.add (local.get $c) (local.get $tile)) (local.get $row)
        (i32.lt_u (i32.add (local.get $c) (local.get $tile)) (local.get $row))))
      (call $rowsumx (local.get $ptr) (i32.const 0) (i32.const 0) (local.get $a) (local.get $xi) (local.get $x) (local.get $h)
        (local.get $y) (local.get $b) (local.get $mode) (local.get $r0) (local.get $r1) (local.get $row) (local.get $c) (local.get $ce))
      (local.set $c (local.get $ce))
      (br $nexttile)))
    (if (local.get $hasmask) (then
      (local.set $o (i32.shl (i32.mul (local.get $r0) (local.get $h)) (i32.const 2)))
      (call $dropout (i32.add (local.get $hd) (local.get $o)) (i32.mul (i32.sub (local.get $r1) (local.get $r0)) (local.get $h))
        (i32.mul (local.get $r0) (local.get $h)) (local.get $seed) (local.get $threshold) (local.get $scale)
        (i32.add (local.get $y) (local.get $o)) (i32.const 1)))))

;; decode, rows r0 <= r < r1: each entry j of row r (entries ptr[r]..ptr[r+1]) predicted, p = hd[r] . w[col] + b[col]
  ;; (dots; w is the decoder transposed, one row per column), then the decoder's activation (dact 0 identity,
  ;; 2 relu); the error e = p - val; sse[r] = the row's e e summed in entry order; g[j] = e 2 (times relu's
  ;; step): the gradient of the summed squared error, as tfjs's Square gives it; and at once, while w[col] is in
  ;; L1, the row's gradient dz[r] += g[j] w[col] (axpy: in entry order from 0, as rowsum sums, so the same bits).
  ;; Last, dz through the dropout mask and the encoder's activation, from its output y (actgrad, in place).
  (func $decode (export "decode")
    (param $ptr i32) (param $row i32) (param $col i32) (param $val i32) (param $hd i32) (param $w i32) (param $b i32) (param $h i32)
    (param $g i32) (param $sse i32) (param $y i32) (param $dz i32) (param $act i32) (param $dact i32)
    (param $seed i32) (param $threshold i32) (param $scale f32) (param $hasmask i32) (param $r0 i32) (param $r1 i32)
    (local $j i32) (local $j1 i32) (local $r i32) (local $o i32) (local $row4 i32) (local $s f32) (local $e f32) (local $p f32)
    (local.set $row4 (i32.shl (local.get $h) (i32.const 2)))
    (local.set $r (local.get $r0))
    (block $rows (loop $nextrow
      (br_if $rows (i32.ge_u (local.get $r) (local.get $r1)))
      (memory.fill (i32.add (local.get $dz) (i32.mul (local.get $r) (local.get $row4))) (i32.const 0) (local.get $row4))
      (local.set $s (f32.const 0))
      (local.set $j (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $j1 (i32.load offset=4 (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
      (block $done (loop $entry
        (br_if $done (i32.ge_u (local.get $j) (local.get $j1)))
        (local.set $o (i32.shl (local.get $j) (i32.const 2)))
        (call $dots (i32.const 1) (i32.add (local.get $g) (local.get $o)) (i32.add (local.get $row) (local.get $o)) (local.get $hd)
          (i32.add (local.get $col) (local.get $o)) (local.get $w) (local.get $h) (local.get $b) (i32.const 1))
        (local.set $p (f32.load (i32.add (local.get $g) (local.get $o))))
        (if (i32.eq (local.get $dact) (i32.const 2)) (then (local.set $p (f32.max (local.get $p) (f32.const 0)))))
        (local.set $e (f32.sub (local.get $p) (f32.load (i32.add (local.get $val) (local.get $o)))))
        (local.set $s (f32.add (local.get $s) (f32.mul (local.get $e) (local.get $e))))
        (local.set $e (f32.mul (local.get $e) (f32.const 2)))
        (if (i32.eq (local.get $dact) (i32.const 2))
          (then (local.set $e (f32.mul (local.get $e) (select (f32.const 1) (f32.const 0) (f32.gt (local.get $p) (f32.const 0)))))))
        (f32.store (i32.add (local.get $g) (local.get $o)) (local.get $e))
        (call $axpy (local.get $h) (local.get $e)
          (i32.add (local.get $w) (i32.mul (i32.load (i32.add (local.get $col) (local.get $o))) (local.get $row4)))
          (i32.add (local.get $dz) (i32.mul (local.get $r) (local.get $row4))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $entry)))
      (f32.store (i32.add (local.get $sse) (i32.shl (local.get $r) (i32.const 2))) (local.get $s))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $nextrow)))
    (local.set $o (i32.shl (i32.mul (local.get $r0) (local.get $h)) (i32.const 2)))
    (call $actgrad (i32.mul (i32.sub (local.get $r1) (local.get $r0)) (local.get $h)) (i32.add (local.get $dz) (local.get $o))
      (i32.add (local.get $y) (local.get $o)) (i32.add (local.get $dz) (local.get $o)) (local.get $act)
      (i32.mul (local.get $r0) (local.get $h)) (local.get $seed) (local.get $threshold) (local.get $scale) (local.get $hasmask)))

  ;; y[i] = y[i] + a x[i] for i < n (16 floats a turn, then 4, then one)
  (func $axpy (param $n i32) (param $a f32) (param $x i32) (param $y i32)
    (local $i i32) (local $end16 i32) (local $end4 i32) (local $end i32) (local $av v128)
    (local.set $av (f32x4.splat (local.get $a)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end16 (i32.and (local.get $end) (i32.const -64)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (block $b16 (loop $l16
      (br_if $b16 (i32.ge_u (local.get $i) (local.get $end16)))
      (v128.store offset=0 (i32.add (local.get $y) (local.get $i)) (f32x4.add (v128.load offset=0 (i32.add (local.get $y) (local.get $i)))
        (f32x4.mul (local.get $av) (v128.load offset=0 (i32.add (local.get $x) (local.get $i))))))
      (v128.store offset=16 (i32.add (local.get $y) (local.get $i)) (f32x4.add (v128.load offset=16 (i32.add (local.get $y) (local.get $i)))
        (f32x4.mul (local.get $av) (v128.load offset=16 (i32.add (local.get $x) (local.get $i))))))
      (v128.store offset=32 (i32.add (local.get $y) (local.get $i)) (f32x4.add (v128.load offset=32 (i32.add (local.get $y) (local.get $i)))
        (f32x4.mul (local.get $av) (v128.load offset=32 (i32.add (local.get $x) (local.get $i))))))
      (v128.store offset=48 (i32.add (local.get $y) (local.get $i)) (f32x4.add (v128.load offset=48 (i32.add (local.get $y) (local.get $i)))
        (f32x4.mul (local.get $av) (v128.load offset=48 (i32.add (local.get $x) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 64)))
      (br $l16)))
    (block $b4 (loop $l4
      (br_if $b4 (i32.ge_u (local.get $i) (local.get $end4)))
      (v128.store (i32.add (local.get $y) (local.get $i)) (f32x4.add (v128.load (i32.add (local.get $y) (local.get $i)))
        (f32x4.mul (local.get $av) (v128.load (i32.add (local.get $x) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l4)))
    (block $b1 (loop $l1
      (br_if $b1 (i32.ge_u (local.get $i) (local.get $end)))
      (f32.store (i32.add (local.get $y) (local.get $i)) (f32.add (f32.load (i32.add (local.get $y) (local.get $i)))
        (f32.mul (local.get $a) (f32.load (i32.add (local.get $x) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l1))))

  ;; update, columns c0 <= c < c1 of the block (the rows of both weights, w1 [cols, h] and the decoder's w2 [cols, h],
  ;; and the entries of its bias b2 [cols]): the gradients from each column's entries (order[tptr[c]..tptr[c+1]],
  ;; entry k's row row[k], value val[k] and gradient g[k]): dW1[c] = sum val dz[row], dW2[c] = sum g hd[row] (rowsum),
  ;; db2[c] = sum g; each then takes Adam's step (adam; l2 on the weights, none on the bias). `chunk` columns at a
  ;; time, their gradients in this part's own scratch (scratch + part chunk h floats), still in cache when Adam reads them.
  (func $update (export "update")
    (param $tptr i32) (param $order i32) (param $row i32) (param $val i32) (param $g i32) (param $dz i32) (param $hd i32) (param $h i32)
    (param $w1 i32) (param $m1 i32) (param $v1 i32) (param $w2 i32) (param $m2 i32) (param $v2 i32) (param $b2 i32) (param $mb i32) (param $vb i32)
    (param $scratch i32) (param $chunk i32) (param $l2 f32) (param $beta1 f32) (param $omb1 f32) (param $beta2 f32) (param $omb2 f32)
    (param $oma1 f32) (param $oma2 f32) (param $eps f32) (param $nlr f32) (param $part i32) (param $c0 i32) (param $c1 i32)
    (local $c i32) (local $ce i32) (local $sp i32) (local $y i32) (local $n i32) (local $o i32) (local $row4 i32)
    (local $u i32) (local $j i32) (local $j1 i32) (local $s f32)
    (local.set $row4 (i32.shl (local.get $h) (i32.const 2)))
    (local.set $sp (i32.add (local.get $scratch) (i32.mul (i32.mul (local.get $part) (local.get $chunk)) (local.get $row4))))
    (local.set $c (local.get $c0))
    (block $chunks (loop $next
      (br_if $chunks (i32.ge_u (local.get $c) (local.get $c1)))
      (local.set $ce (select (i32.add (local.get $c) (local.get $chunk)) (local.get $c1)
        (i32.lt_u (i32.add (local.get $c) (local.get $chunk)) (local.get $c1))))
      (local.set $n (i32.mul (i32.sub (local.get $ce) (local.get $c)) (local.get $h)))
      (local.set $o (i32.mul (local.get $c) (local.get $row4)))
      ;; rowsum writes output row r at y + r h: rows c..ce land at sp (i32 arithmetic wraps)
      (local.set $y (i32.sub (local.get $sp) (local.get $o)))
      (call $rowsum (local.get $tptr) (local.get $order) (i32.const 1) (local.get $val) (local.get $row) (local.get $dz) (local.get $h)
        (local.get $y) (i32.const 0) (i32.const 0) (local.get $c) (local.get $ce))
      (call $adam (local.get $n) (i32.add (local.get $w1) (local.get $o)) (i32.add (local.get $w1) (local.get $o)) (local.get $sp)
        (i32.add (local.get $m1) (local.get $o)) (i32.add (local.get $v1) (local.get $o)) (local.get $l2) (local.get $beta1)
        (local.get $omb1) (local.get $beta2) (local.get $omb2) (local.get $oma1) (local.get $oma2) (local.get $eps) (local.get $nlr))
      (call $rowsum (local.get $tptr) (local.get $order) (i32.const 1) (local.get $g) (local.get $row) (local.get $hd) (local.get $h)
        (local.get $y) (i32.const 0) (i32.const 0) (local.get $c) (local.get $ce))
      (call $adam (local.get $n) (i32.add (local.get $w2) (local.get $o)) (i32.add (local.get $w2) (local.get $o)) (local.get $sp)
        (i32.add (local.get $m2) (local.get $o)) (i32.add (local.get $v2) (local.get $o)) (local.get $l2) (local.get $beta1)
        (local.get $omb1) (local.get $beta2) (local.get $omb2) (local.get $oma1) (local.get $oma2) (local.get $eps) (local.get $nlr))
      ;; db2: each column's g summed in order (rowsum's one-column sum, times 1)
      (local.set $u (local.get $c))
      (block $cols (loop $col
        (br_if $cols (i32.ge_u (local.get $u) (local.get $ce)))
        (local.set $s (f32.const 0))
        (local.set $j (i32.load (i32.add (local.get $tptr) (i32.shl (local.get $u) (i32.const 2)))))
        (local.set $j1 (i32.load offset=4 (i32.add (local.get $tptr) (i32.shl (local.get $u) (i32.const 2)))))
        (block $e (loop $entry
          (br_if $e (i32.ge_u (local.get $j) (local.get $j1)))
          (local.set $s (f32.add (local.get $s) (f32.mul (f32.const 1) (f32.load (i32.add (local.get $g)
            (i32.shl (i32.load (i32.add (local.get $order) (i32.shl (local.get $j) (i32.const 2)))) (i32.const 2)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $entry)))
        (f32.store (i32.add (local.get $sp) (i32.shl (i32.sub (local.get $u) (local.get $c)) (i32.const 2))) (local.get $s))
        (local.set $u (i32.add (local.get $u) (i32.const 1)))
        (br $col)))
      (local.set $o (i32.shl (local.get $c) (i32.const 2)))
      (call $adam (i32.sub (local.get $ce) (local.get $c)) (i32.add (local.get $b2) (local.get $o)) (i32.add (local.get $b2) (local.get $o))
        (local.get $sp) (i32.add (local.get $mb) (local.get $o)) (i32.add (local.get $vb) (local.get $o)) (f32.const 0) (local.get $beta1)
        (local.get $omb1) (local.get $beta2) (local.get $omb2) (local.get $oma1) (local.get $oma2) (local.get $eps) (local.get $nlr))
      (local.set $c (local.get $ce))
      (br $next))))

  ;; biasupdate, hidden units c0 <= c < c1: the encoder bias's gradient, dz's column sums over the batch's rows
  ;; (colsum, into gb), then its Adam step (no l2).
  (func $biasupdate (export "biasupdate")
    (param $dz i32) (param $rows i32) (param $h i32) (param $gb i32) (param $b i32) (param $m i32) (param $v i32)
    (param $beta1 f32) (param $omb1 f32) (param $beta2 f32) (param $omb2 f32) (param $oma1 f32) (param $oma2 f32) (param $eps f32)
    (param $nlr f32) (param $c0 i32) (param $c1 i32)
    (local $o i32)
    (call $colsum (local.get $dz) (local.get $rows) (local.get $h) (local.get $gb) (local.get $c0) (local.get $c1))
    (local.set $o (i32.shl (local.get $c0) (i32.const 2)))
    (call $adam (i32.sub (local.get $c1) (local.get $c0)) (i32.add (local.get $b) (local.get $o)) (i32.add (local.get $b) (local.get $o))
      (i32.add (local.get $gb) (local.get $o)) (i32.add (local.get $m) (local.get $o)) (i32.add (local.get $v) (local.get $o))
      (f32.const 0) (local.get $beta1) (local.get $omb1) (local.get $beta2) (local.get $omb2) (local.get $oma1) (local.get $oma2)
      (local.get $eps) (local.get $nlr)))

  ;; evaluate, rows r0 <= r < r1 of a block of held-out ratings (entries ptr[r0]..ptr[r1]) against the codes hd:
  ;; each prediction (dots, the decoder's activation as in decode), clipped to [lo, hi], its error against val;
  ;; sse[r] and sae[r] the row's squared and absolute errors summed in entry order (p is scratch, one float an entry).
  (func $evaluate (export "evaluate")
    (param $ptr i32) (param $row i32) (param $col i32) (param $val i32) (param $hd i32) (param $w i32) (param $b i32) (param $h i32)
    (param $p i32) (param $sse i32) (param $sae i32) (param $dact i32) (param $lo f32) (param $hi f32) (param $r0 i32) (param $r1 i32)
    (local $j0 i32) (local $j i32) (local $j1 i32) (local $r i32) (local $o i32) (local $s f32) (local $a f32) (local $e f32) (local $q f32)
    (local.set $j0 (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $r0) (i32.const 2)))))
    (local.set $o (i32.shl (local.get $j0) (i32.const 2)))
    (call $dots (i32.sub (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $r1) (i32.const 2)))) (local.get $j0))
      (i32.add (local.get $p) (local.get $o)) (i32.add (local.get $row) (local.get $o)) (local.get $hd)
      (i32.add (local.get $col) (local.get $o)) (local.get $w) (local.get $h) (local.get $b) (i32.const 1))
    (local.set $r (local.get $r0))
    (block $rows (loop $nextrow
      (br_if $rows (i32.ge_u (local.get $r) (local.get $r1)))
      (local.set $s (f32.const 0))
      (local.set $a (f32.const 0))
      (local.set $j (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $j1 (i32.load offset=4 (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
      (block $done (loop $entry
        (br_if $done (i32.ge_u (local.get $j) (local.get $j1)))
        (local.set $o (i32.shl (local.get $j) (i32.const 2)))
        (local.set $q (f32.load (i32.add (local.get $p) (local.get $o))))
        (if (i32.eq (local.get $dact) (i32.const 2)) (then (local.set $q (f32.max (local.get $q) (f32.const 0)))))
        (local.set $q (f32.min (f32.max (local.get $q) (local.get $lo)) (local.get $hi)))
        (local.set $e (f32.sub (local.get $q) (f32.load (i32.add (local.get $val) (local.get $o)))))
        (local.set $s (f32.add (local.get $s) (f32.mul (local.get $e) (local.get $e))))
        (local.set $a (f32.add (local.get $a) (f32.abs (local.get $e))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $entry)))
      (f32.store (i32.add (local.get $sse) (i32.shl (local.get $r) (i32.const 2))) (local.get $s))
      (f32.store (i32.add (local.get $sae) (i32.shl (local.get $r) (i32.const 2))) (local.get $a))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $nextrow))))
)
