;; The elementwise and column kernels of the kernels module (kernels.wat): the activation's gradient, column sums,
;; the dropout mask and Adam; assembled into the module before its closing parenthesis (wat-files.ts).
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
  ;; dropout.ts computes the same mask in JavaScript. Four hashes at a time (as actgrad's), the last ones (fewer
  ;; than 4 left) one at a time, in lane 0: a hash a lane in scalar code cost more than the encoder's sums.
  (func $dropout (export "dropout") (param $out i32) (param $n i32) (param $first i32) (param $seed i32) (param $threshold i32) (param $scale f32)
    (param $x i32) (param $hasx i32)
    (local $i i32) (local $o i32) (local $vec i32) (local $k v128) (local $m v128)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $vec (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $n)))
        (local.set $o (i32.shl (local.get $i) (i32.const 2)))
        (local.set $k (i32x4.add (i32x4.splat (i32.add (local.get $first) (local.get $i))) (v128.const i32x4 0 1 2 3)))
        (local.set $k (i32x4.add (i32x4.mul (local.get $k) (i32x4.splat (i32.const 0x9E3779B9))) (i32x4.splat (local.get $seed))))
        (local.set $k (v128.xor (local.get $k) (i32x4.shr_u (local.get $k) (i32.const 16))))
        (local.set $k (i32x4.mul (local.get $k) (i32x4.splat (i32.const 0x85EBCA6B))))
        (local.set $k (v128.xor (local.get $k) (i32x4.shr_u (local.get $k) (i32.const 13))))
        (local.set $k (i32x4.mul (local.get $k) (i32x4.splat (i32.const 0xC2B2AE35))))
        (local.set $k (v128.xor (local.get $k) (i32x4.shr_u (local.get $k) (i32.const 16))))
        (local.set $m (v128.bitselect (f32x4.splat (local.get $scale)) (f32x4.splat (f32.const 0))
          (i32x4.ge_u (local.get $k) (i32x4.splat (local.get $threshold)))))
        (if (local.get $hasx)
          (then (local.set $m (f32x4.mul
            (if (result v128) (local.get $vec)
              (then (v128.load (i32.add (local.get $x) (local.get $o))))
              (else (f32x4.splat (f32.load (i32.add (local.get $x) (local.get $o))))))
            (local.get $m)))))
        (if (local.get $vec)
          (then (v128.store (i32.add (local.get $out) (local.get $o)) (local.get $m)))
          (else (f32.store (i32.add (local.get $out) (local.get $o)) (f32x4.extract_lane 0 (local.get $m)))))
        (local.set $i (i32.add (local.get $i) (select (i32.const 4) (i32.const 1) (local.get $vec))))
        (br $next))))

;; Adam, fused: for i < n, with g = g[i] + l2 * w[i] (weight decay folded in; l2 = 0 for biases):
;;   m = b1 m + omb1 g;  v = b2 v + omb2 g g;  w = (m / oma1) / (sqrt(v / oma2) + eps) * nlr + w
;; m and v in place, the new w to wo; the order of operations is tfjs's AdamOptimizer's, in f32. Where `lazy`, lazy
;; Adam (adamlazy): elements whose g[i] is zero keep w, m and v.
  (func $adam (export "adam")
    (param $n i32) (param $w i32) (param $wo i32) (param $g i32) (param $m i32) (param $v i32) (param $l2 f32)
    (param $b1 f32) (param $omb1 f32) (param $b2 f32) (param $omb2 f32)
    (param $oma1 f32) (param $oma2 f32) (param $eps f32) (param $nlr f32) (param $lazy i32)
    (local $i i32) (local $end4 i32) (local $o i32)
    (local $gv v128) (local $mv v128) (local $vv v128) (local $wv v128)
    (local $gs f32) (local $ms f32) (local $vs f32) (local $ws f32)
    (if (local.get $lazy) (then
      (call $adamlazy (local.get $n) (local.get $w) (local.get $wo) (local.get $g) (local.get $m) (local.get $v) (local.get $l2)
        (local.get $b1) (local.get $omb1) (local.get $b2) (local.get $omb2) (local.get $oma1) (local.get $oma2) (local.get $eps) (local.get $nlr))
      (return)))
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

;; Lazy Adam (TensorFlow's LazyAdam, PyTorch's SparseAdam, elementwise): adam's step where g[i] (the data gradient,
;; before l2) is not zero; where it is, w (written to wo), m and v stay as they are. The same arithmetic as adam's.
  (func $adamlazy
    (param $n i32) (param $w i32) (param $wo i32) (param $g i32) (param $m i32) (param $v i32) (param $l2 f32)
    (param $b1 f32) (param $omb1 f32) (param $b2 f32) (param $omb2 f32)
    (param $oma1 f32) (param $oma2 f32) (param $eps f32) (param $nlr f32)
    (local $i i32) (local $end4 i32) (local $o i32) (local $keep v128) (local $m0 v128) (local $v0 v128)
    (local $gv v128) (local $mv v128) (local $vv v128) (local $wv v128)
    (local $gs f32) (local $ms f32) (local $vs f32) (local $ws f32)
    (local.set $end4 (i32.and (local.get $n) (i32.const -4)))
    (block $b4 (loop $l4
      (br_if $b4 (i32.ge_u (local.get $i) (local.get $end4)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $wv (v128.load (i32.add (local.get $w) (local.get $o))))
      (local.set $gv (v128.load (i32.add (local.get $g) (local.get $o))))
      (local.set $keep (f32x4.ne (local.get $gv) (f32x4.splat (f32.const 0))))
      (local.set $gv (f32x4.add (local.get $gv) (f32x4.mul (local.get $wv) (f32x4.splat (local.get $l2)))))
      (local.set $m0 (v128.load (i32.add (local.get $m) (local.get $o))))
      (local.set $v0 (v128.load (i32.add (local.get $v) (local.get $o))))
      (local.set $mv (f32x4.add (f32x4.mul (local.get $m0) (f32x4.splat (local.get $b1)))
        (f32x4.mul (local.get $gv) (f32x4.splat (local.get $omb1)))))
      (local.set $vv (f32x4.add (f32x4.mul (local.get $v0) (f32x4.splat (local.get $b2)))
        (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (f32x4.splat (local.get $omb2)))))
      (v128.store (i32.add (local.get $wo) (local.get $o)) (v128.bitselect
        (f32x4.add (f32x4.mul
          (f32x4.div (f32x4.div (local.get $mv) (f32x4.splat (local.get $oma1)))
            (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (f32x4.splat (local.get $oma2)))) (f32x4.splat (local.get $eps))))
          (f32x4.splat (local.get $nlr))) (local.get $wv))
        (local.get $wv) (local.get $keep)))
      (v128.store (i32.add (local.get $m) (local.get $o)) (v128.bitselect (local.get $mv) (local.get $m0) (local.get $keep)))
      (v128.store (i32.add (local.get $v) (local.get $o)) (v128.bitselect (local.get $vv) (local.get $v0) (local.get $keep)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l4)))
    (block $b1 (loop $l1
      (br_if $b1 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $ws (f32.load (i32.add (local.get $w) (local.get $o))))
      (local.set $gs (f32.load (i32.add (local.get $g) (local.get $o))))
      (if (f32.ne (local.get $gs) (f32.const 0))
        (then
          (local.set $gs (f32.add (local.get $gs) (f32.mul (local.get $ws) (local.get $l2))))
          (local.set $ms (f32.add (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $b1)) (f32.mul (local.get $gs) (local.get $omb1))))
          (local.set $vs (f32.add (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
            (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $omb2))))
          (f32.store (i32.add (local.get $m) (local.get $o)) (local.get $ms))
          (f32.store (i32.add (local.get $v) (local.get $o)) (local.get $vs))
          (local.set $ws (f32.add (f32.mul
            (f32.div (f32.div (local.get $ms) (local.get $oma1))
              (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $oma2))) (local.get $eps)))
            (local.get $nlr)) (local.get $ws)))))
      (f32.store (i32.add (local.get $wo) (local.get $o)) (local.get $ws))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l1))))
