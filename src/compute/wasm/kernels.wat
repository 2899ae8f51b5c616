;; Sparse AutoRec kernels, 128-bit SIMD. Built into kernels-binary.ts by `npm run build:kernels`, with
;; elementwise.wat and fused-step.wat inside this module (wat-files.ts).
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
      (if (local.get $mode) (then (call $finish (local.get $y) (local.get $b) (local.get $mode) (local.get $r) (local.get $row) (local.get $c0) (local.get $c1))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $nextrow))))

  ;; rowsumx's finish of row r, columns c0 <= c < c1 (bytes into a row of `row` bytes at y): mode 1: + b[column];
  ;; 2: sigmoid(. + b[column]); 3: relu(. + b[column]), 4 columns at a time; sigmoid(x) = 1 / (1 + e^-x), e^x as
  ;; Cephes' expf: x = n ln2 + r, |r| <= ln2 / 2, a degree-7 polynomial in r times 2^n, x clamped to [-87, 88] (2^n
  ;; stays normal): within 2 ulp
  (func $finish (param $y i32) (param $b i32) (param $mode i32) (param $r i32) (param $row i32) (param $c0 i32) (param $c1 i32)
    (local $c i32) (local $k i32) (local $yp i32) (local $v v128) (local $t v128) (local $n v128) (local $p v128)
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
            (local.set $t (f32x4.pmin (f32x4.pmax (f32x4.neg (local.get $v)) (f32x4.splat (f32.const -87))) (f32x4.splat (f32.const 88))))
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
              (i32x4.shl (f32x4.add (local.get $n) (f32x4.splat (f32.const 12583039))) (i32.const 23))))
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
      (br $cl))))

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

  ;; dots for the four entries k..k+3 (out, pi, qi: their arrays at k): four products of rows p[pi] . q[qi] at once,
  ;; each summed exactly as dots sums it (two accumulators over 8 floats a turn, then 4, lanes (0+1)+(2+3), then one
  ;; at a time, then + b[qi]): the same four numbers, from four rows streamed together instead of one after another
  (func $dots4 (param $out i32) (param $pi i32) (param $p i32) (param $qi i32) (param $q i32) (param $h i32) (param $b i32)
    (local $row i32) (local $o i32) (local $end8 i32) (local $end4 i32) (local $k i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $a0 v128) (local $b0 v128) (local $a1 v128) (local $b1 v128) (local $a2 v128) (local $b2 v128) (local $a3 v128) (local $b3 v128)
    (local $s f32)
    (local.set $row (i32.shl (local.get $h) (i32.const 2)))
    (local.set $end8 (i32.and (local.get $row) (i32.const -32)))
    (local.set $end4 (i32.and (local.get $row) (i32.const -16)))
    (local.set $p0 (i32.add (local.get $p) (i32.mul (i32.load offset=0 (local.get $pi)) (local.get $row))))
    (local.set $p1 (i32.add (local.get $p) (i32.mul (i32.load offset=4 (local.get $pi)) (local.get $row))))
    (local.set $p2 (i32.add (local.get $p) (i32.mul (i32.load offset=8 (local.get $pi)) (local.get $row))))
    (local.set $p3 (i32.add (local.get $p) (i32.mul (i32.load offset=12 (local.get $pi)) (local.get $row))))
    (local.set $q0 (i32.add (local.get $q) (i32.mul (i32.load offset=0 (local.get $qi)) (local.get $row))))
    (local.set $q1 (i32.add (local.get $q) (i32.mul (i32.load offset=4 (local.get $qi)) (local.get $row))))
    (local.set $q2 (i32.add (local.get $q) (i32.mul (i32.load offset=8 (local.get $qi)) (local.get $row))))
    (local.set $q3 (i32.add (local.get $q) (i32.mul (i32.load offset=12 (local.get $qi)) (local.get $row))))
    (block $b8 (loop $l8
      (br_if $b8 (i32.ge_u (local.get $o) (local.get $end8)))
      (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (i32.add (local.get $p0) (local.get $o))) (v128.load (i32.add (local.get $q0) (local.get $o))))))
      (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (v128.load offset=16 (i32.add (local.get $p0) (local.get $o))) (v128.load offset=16 (i32.add (local.get $q0) (local.get $o))))))
      (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load (i32.add (local.get $p1) (local.get $o))) (v128.load (i32.add (local.get $q1) (local.get $o))))))
      (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (v128.load offset=16 (i32.add (local.get $p1) (local.get $o))) (v128.load offset=16 (i32.add (local.get $q1) (local.get $o))))))
      (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load (i32.add (local.get $p2) (local.get $o))) (v128.load (i32.add (local.get $q2) (local.get $o))))))
      (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (v128.load offset=16 (i32.add (local.get $p2) (local.get $o))) (v128.load offset=16 (i32.add (local.get $q2) (local.get $o))))))
      (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load (i32.add (local.get $p3) (local.get $o))) (v128.load (i32.add (local.get $q3) (local.get $o))))))
      (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (v128.load offset=16 (i32.add (local.get $p3) (local.get $o))) (v128.load offset=16 (i32.add (local.get $q3) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 32)))
      (br $l8)))
    (local.set $a0 (f32x4.add (local.get $a0) (local.get $b0)))
    (local.set $a1 (f32x4.add (local.get $a1) (local.get $b1)))
    (local.set $a2 (f32x4.add (local.get $a2) (local.get $b2)))
    (local.set $a3 (f32x4.add (local.get $a3) (local.get $b3)))
    (block $b4 (loop $l4
      (br_if $b4 (i32.ge_u (local.get $o) (local.get $end4)))
      (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (i32.add (local.get $p0) (local.get $o))) (v128.load (i32.add (local.get $q0) (local.get $o))))))
      (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load (i32.add (local.get $p1) (local.get $o))) (v128.load (i32.add (local.get $q1) (local.get $o))))))
      (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load (i32.add (local.get $p2) (local.get $o))) (v128.load (i32.add (local.get $q2) (local.get $o))))))
      (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load (i32.add (local.get $p3) (local.get $o))) (v128.load (i32.add (local.get $q3) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $l4)))
    ;; each product finished as dots finishes it: lanes, the last floats, the bias
    (local.set $k (i32.const 0))
    (block $each (loop $next
      (br_if $each (i32.ge_u (local.get $k) (i32.const 4)))
      (local.set $b0 (select (result v128) (local.get $a0) (select (result v128) (local.get $a1) (select (result v128) (local.get $a2) (local.get $a3) (i32.eq (local.get $k) (i32.const 2))) (i32.eq (local.get $k) (i32.const 1))) (i32.eqz (local.get $k))))
      (local.set $p0 (i32.add (local.get $p) (i32.mul (i32.load (i32.add (local.get $pi) (i32.shl (local.get $k) (i32.const 2)))) (local.get $row))))
      (local.set $q0 (i32.add (local.get $q) (i32.mul (i32.load (i32.add (local.get $qi) (i32.shl (local.get $k) (i32.const 2)))) (local.get $row))))
      (local.set $s (f32.add
        (f32.add (f32x4.extract_lane 0 (local.get $b0)) (f32x4.extract_lane 1 (local.get $b0)))
        (f32.add (f32x4.extract_lane 2 (local.get $b0)) (f32x4.extract_lane 3 (local.get $b0)))))
      (local.set $o (local.get $end4))
      (block $b1 (loop $l1
        (br_if $b1 (i32.ge_u (local.get $o) (local.get $row)))
        (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (i32.add (local.get $p0) (local.get $o))) (f32.load (i32.add (local.get $q0) (local.get $o))))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (local.set $s (f32.add (local.get $s)
        (f32.load (i32.add (local.get $b) (i32.shl (i32.load (i32.add (local.get $qi) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 2))))))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))) (local.get $s))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $next))))
)
