;; The fused step's functions of the kernels module (kernels.wat): assembled into it, before its closing parenthesis
;; (wat-files.ts joins the two; `npm run build:kernels`). They call the kernels of kernels.wat.
;; The default model's training step (fused-step.ts): one hidden layer, the sparse input and the decoder only at
;; the ratings, in four calls per batch with no other work between them: encode (rows), decode (rows), update
;; (columns: the weights' rows) and biasupdate (hidden units). Each is the very arithmetic of the kernels above as
;; the separate calls of the tfjs path run them (rowsum, dots, actgrad, colsum, adam, dropout), so a step gives that
;; path's numbers bit for bit; only what lies between the calls is gone (tfjs's tape, copies, allocations).

  ;; encode, rows r0 <= r < r1 of the batch's block: y = act(x W + b) (rowsum, mode = 1 + the activation's code, in
  ;; tiles of `tile` bytes of columns, a multiple of 16; tile 0: each entry's weight row streamed whole, below),
  ;; then hd = y times the dropout mask (element index r h + column) where `hasmask` (else the caller passes hd = y).
  (func $encode (export "encode")
    (param $ptr i32) (param $a i32) (param $xi i32) (param $x i32) (param $h i32) (param $y i32) (param $b i32) (param $mode i32)
    (param $hd i32) (param $seed i32) (param $threshold i32) (param $scale f32) (param $hasmask i32) (param $tile i32)
    (param $r0 i32) (param $r1 i32)
    (local $o i32) (local $row i32) (local $c i32) (local $ce i32) (local $r i32) (local $j i32) (local $j1 i32) (local $yp i32) (local $ap i32)
    (local.set $row (i32.shl (local.get $h) (i32.const 2)))
    (local.set $c (i32.const 0))
    ;; tile 0 (a weight too tall for L2 even 32 columns at a time: it lies in L3 or memory): y[r] = 0, then each entry's
    ;; whole weight row added in entry order (axpy: the row read front to back, which the prefetcher streams; rowsum's
    ;; 32 columns of every entry at a time would fetch each row's lines in separate passes); the same sums bit for bit
    (if (i32.eqz (local.get $tile)) (then
      (local.set $r (local.get $r0))
      (block $rows (loop $nextrow
        (br_if $rows (i32.ge_u (local.get $r) (local.get $r1)))
        (local.set $yp (i32.add (local.get $y) (i32.mul (local.get $r) (local.get $row))))
        (memory.fill (local.get $yp) (i32.const 0) (local.get $row))
        (local.set $j (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $j1 (i32.load offset=4 (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
        ;; eight entries' rows at a time where the rows are whole vectors (eight streams in flight: a fifth faster than
        ;; four from memory), then four (twice as fast as one from memory, three times from L3), then one
        (if (i32.eqz (i32.and (local.get $h) (i32.const 3))) (then
          (block $done8 (loop $entry8
            (br_if $done8 (i32.gt_u (i32.add (local.get $j) (i32.const 8)) (local.get $j1)))
            (local.set $o (i32.add (local.get $xi) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $ap (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))
            (call $axpy8 (local.get $h)
              (f32.load offset=0 (local.get $ap)) (f32.load offset=4 (local.get $ap)) (f32.load offset=8 (local.get $ap)) (f32.load offset=12 (local.get $ap))
              (f32.load offset=16 (local.get $ap)) (f32.load offset=20 (local.get $ap)) (f32.load offset=24 (local.get $ap)) (f32.load offset=28 (local.get $ap))
              (i32.add (local.get $x) (i32.mul (i32.load offset=0 (local.get $o)) (local.get $row))) (i32.add (local.get $x) (i32.mul (i32.load offset=4 (local.get $o)) (local.get $row)))
              (i32.add (local.get $x) (i32.mul (i32.load offset=8 (local.get $o)) (local.get $row))) (i32.add (local.get $x) (i32.mul (i32.load offset=12 (local.get $o)) (local.get $row)))
              (i32.add (local.get $x) (i32.mul (i32.load offset=16 (local.get $o)) (local.get $row))) (i32.add (local.get $x) (i32.mul (i32.load offset=20 (local.get $o)) (local.get $row)))
              (i32.add (local.get $x) (i32.mul (i32.load offset=24 (local.get $o)) (local.get $row))) (i32.add (local.get $x) (i32.mul (i32.load offset=28 (local.get $o)) (local.get $row)))
              (local.get $yp))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $entry8)))))
        (block $done4 (loop $entry4
          (br_if $done4 (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $j1)))
          (local.set $o (i32.add (local.get $xi) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $ap (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))
          (call $axpy4 (local.get $h)
            (f32.load offset=0 (local.get $ap)) (f32.load offset=4 (local.get $ap)) (f32.load offset=8 (local.get $ap)) (f32.load offset=12 (local.get $ap))
            (i32.add (local.get $x) (i32.mul (i32.load offset=0 (local.get $o)) (local.get $row)))
            (i32.add (local.get $x) (i32.mul (i32.load offset=4 (local.get $o)) (local.get $row)))
            (i32.add (local.get $x) (i32.mul (i32.load offset=8 (local.get $o)) (local.get $row)))
            (i32.add (local.get $x) (i32.mul (i32.load offset=12 (local.get $o)) (local.get $row)))
            (local.get $yp))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $entry4)))
        (block $done (loop $entry
          (br_if $done (i32.ge_u (local.get $j) (local.get $j1)))
          (call $axpy (local.get $h) (f32.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2))))
            (i32.add (local.get $x) (i32.mul (i32.load (i32.add (local.get $xi) (i32.shl (local.get $j) (i32.const 2)))) (local.get $row)))
            (local.get $yp))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $entry)))
        (if (local.get $mode) (then
          (call $finish (local.get $y) (local.get $b) (local.get $mode) (local.get $r) (local.get $row) (i32.const 0) (local.get $row))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $nextrow)))
      ;; no tiles
      (local.set $c (local.get $row))))
    ;; a tile of `tile` bytes of every row at a time: the weight's columns of a tile (inputs x tile) stay in L2 while
    ;; every row of the part gathers from them
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
    (local $k i32) (local $c i32)
    (local.set $row4 (i32.shl (local.get $h) (i32.const 2)))
    (local.set $r (local.get $r0))
    (block $rows (loop $nextrow
      (br_if $rows (i32.ge_u (local.get $r) (local.get $r1)))
      (memory.fill (i32.add (local.get $dz) (i32.mul (local.get $r) (local.get $row4))) (i32.const 0) (local.get $row4))
      (local.set $s (f32.const 0))
      (local.set $j (i32.load (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $j1 (i32.load offset=4 (i32.add (local.get $ptr) (i32.shl (local.get $r) (i32.const 2)))))
      ;; four entries at a time (their four decoder rows streamed together; the same numbers as one at a time)
      (block $done4 (loop $entry4
        (br_if $done4 (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $j1)))
        (local.set $o (i32.shl (local.get $j) (i32.const 2)))
        (call $dots4 (i32.add (local.get $g) (local.get $o)) (i32.add (local.get $row) (local.get $o)) (local.get $hd)
          (i32.add (local.get $col) (local.get $o)) (local.get $w) (local.get $h) (local.get $b))
        (local.set $k (i32.const 0))
        (block $errs (loop $err
          (br_if $errs (i32.ge_u (local.get $k) (i32.const 16)))
          (local.set $p (f32.load (i32.add (i32.add (local.get $g) (local.get $o)) (local.get $k))))
          (if (i32.eq (local.get $dact) (i32.const 2)) (then (local.set $p (f32.max (local.get $p) (f32.const 0)))))
          (local.set $e (f32.sub (local.get $p) (f32.load (i32.add (i32.add (local.get $val) (local.get $o)) (local.get $k)))))
          (local.set $s (f32.add (local.get $s) (f32.mul (local.get $e) (local.get $e))))
          (local.set $e (f32.mul (local.get $e) (f32.const 2)))
          (if (i32.eq (local.get $dact) (i32.const 2))
            (then (local.set $e (f32.mul (local.get $e) (select (f32.const 1) (f32.const 0) (f32.gt (local.get $p) (f32.const 0)))))))
          (f32.store (i32.add (i32.add (local.get $g) (local.get $o)) (local.get $k)) (local.get $e))
          (local.set $k (i32.add (local.get $k) (i32.const 4)))
          (br $err)))
        (local.set $c (i32.add (local.get $col) (local.get $o)))
        (local.set $k (i32.add (local.get $g) (local.get $o)))
        (call $axpy4 (local.get $h)
          (f32.load offset=0 (local.get $k)) (f32.load offset=4 (local.get $k)) (f32.load offset=8 (local.get $k)) (f32.load offset=12 (local.get $k))
          (i32.add (local.get $w) (i32.mul (i32.load offset=0 (local.get $c)) (local.get $row4)))
          (i32.add (local.get $w) (i32.mul (i32.load offset=4 (local.get $c)) (local.get $row4)))
          (i32.add (local.get $w) (i32.mul (i32.load offset=8 (local.get $c)) (local.get $row4)))
          (i32.add (local.get $w) (i32.mul (i32.load offset=12 (local.get $c)) (local.get $row4)))
          (i32.add (local.get $dz) (i32.mul (local.get $r) (local.get $row4))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $entry4)))
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

  ;; update, columns c0 <= c < c1 of the block (the rows of both weights, w1 [cols, h] and the decoder's w2 [cols, h],
  ;; and the entries of its bias b2 [cols]): the gradients from each column's entries (order[tptr[c]..tptr[c+1]],
  ;; entry k's row row[k], value val[k] and gradient g[k]): dW1[c] = sum val dz[row], dW2[c] = sum g hd[row] (rowaxpy: rowsum's sums),
  ;; db2[c] = sum g; each then takes Adam's step (adam; l2 on the weights, none on the bias; `lazy`: lazy Adam, the
  ;; weights' rows without entries not even read, adamrows). `chunk` columns at a
  ;; time, their gradients in this part's own scratch (scratch + part chunk h floats), still in cache when Adam reads them.
  (func $update (export "update")
    (param $tptr i32) (param $order i32) (param $row i32) (param $val i32) (param $g i32) (param $dz i32) (param $hd i32) (param $h i32)
    (param $w1 i32) (param $m1 i32) (param $v1 i32) (param $w2 i32) (param $m2 i32) (param $v2 i32) (param $b2 i32) (param $mb i32) (param $vb i32)
    (param $scratch i32) (param $chunk i32) (param $l2 f32) (param $beta1 f32) (param $omb1 f32) (param $beta2 f32) (param $omb2 f32)
    (param $oma1 f32) (param $oma2 f32) (param $eps f32) (param $nlr f32) (param $lazy i32) (param $part i32) (param $c0 i32) (param $c1 i32)
    (local $c i32) (local $ce i32) (local $sp i32) (local $y i32) (local $o i32) (local $row4 i32)
    (local $u i32) (local $j i32) (local $j1 i32) (local $s f32)
    (local.set $row4 (i32.shl (local.get $h) (i32.const 2)))
    (local.set $sp (i32.add (local.get $scratch) (i32.mul (i32.mul (local.get $part) (local.get $chunk)) (local.get $row4))))
    (local.set $c (local.get $c0))
    (block $chunks (loop $next
      (br_if $chunks (i32.ge_u (local.get $c) (local.get $c1)))
      (local.set $ce (select (i32.add (local.get $c) (local.get $chunk)) (local.get $c1)
        (i32.lt_u (i32.add (local.get $c) (local.get $chunk)) (local.get $c1))))
      (local.set $o (i32.mul (local.get $c) (local.get $row4)))
      ;; rowsum writes output row r at y + r h: rows c..ce land at sp (i32 arithmetic wraps)
      (local.set $y (i32.sub (local.get $sp) (local.get $o)))
      (call $rowaxpy (local.get $tptr) (local.get $order) (local.get $val) (local.get $row) (local.get $dz) (local.get $h)
        (local.get $y) (local.get $c) (local.get $ce))
      (call $adamrows (local.get $tptr) (local.get $c) (local.get $ce) (local.get $h) (local.get $w1) (local.get $m1) (local.get $v1)
        (local.get $sp) (local.get $l2) (local.get $beta1) (local.get $omb1) (local.get $beta2) (local.get $omb2) (local.get $oma1)
        (local.get $oma2) (local.get $eps) (local.get $nlr) (local.get $lazy))
      (call $rowaxpy (local.get $tptr) (local.get $order) (local.get $g) (local.get $row) (local.get $hd) (local.get $h)
        (local.get $y) (local.get $c) (local.get $ce))
      (call $adamrows (local.get $tptr) (local.get $c) (local.get $ce) (local.get $h) (local.get $w2) (local.get $m2) (local.get $v2)
        (local.get $sp) (local.get $l2) (local.get $beta1) (local.get $omb1) (local.get $beta2) (local.get $omb2) (local.get $oma1)
        (local.get $oma2) (local.get $eps) (local.get $nlr) (local.get $lazy))
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
        (local.get $omb1) (local.get $beta2) (local.get $omb2) (local.get $oma1) (local.get $oma2) (local.get $eps) (local.get $nlr) (local.get $lazy))
      (local.set $c (local.get $ce))
      (br $next))))

  ;; biasupdate, hidden units c0 <= c < c1: the encoder bias's gradient, dz's column sums over the batch's rows
  ;; (colsum, into gb), then its Adam step (no l2).
  (func $biasupdate (export "biasupdate")
    (param $dz i32) (param $rows i32) (param $h i32) (param $gb i32) (param $b i32) (param $m i32) (param $v i32)
    (param $beta1 f32) (param $omb1 f32) (param $beta2 f32) (param $omb2 f32) (param $oma1 f32) (param $oma2 f32) (param $eps f32)
    (param $nlr f32) (param $lazy i32) (param $c0 i32) (param $c1 i32)
    (local $o i32)
    (call $colsum (local.get $dz) (local.get $rows) (local.get $h) (local.get $gb) (local.get $c0) (local.get $c1))
    (local.set $o (i32.shl (local.get $c0) (i32.const 2)))
    (call $adam (i32.sub (local.get $c1) (local.get $c0)) (i32.add (local.get $b) (local.get $o)) (i32.add (local.get $b) (local.get $o))
      (i32.add (local.get $gb) (local.get $o)) (i32.add (local.get $m) (local.get $o)) (i32.add (local.get $v) (local.get $o))
      (f32.const 0) (local.get $beta1) (local.get $omb1) (local.get $beta2) (local.get $omb2) (local.get $oma1) (local.get $oma2)
      (local.get $eps) (local.get $nlr) (local.get $lazy)))

  ;; adam over the rows c <= u < ce of a weight [cols, h] (their gradients at sp, row u at sp + (u - c) h); where
  ;; `lazy`, lazy Adam over the rows with entries in the block (tptr) alone: the others, whose gradient is all zero,
  ;; keep value and moments without being read (on large data most rows, and most of an epoch's memory traffic).
  (func $adamrows
    (param $tptr i32) (param $c i32) (param $ce i32) (param $h i32) (param $w i32) (param $m i32) (param $v i32) (param $sp i32)
    (param $l2 f32) (param $b1 f32) (param $omb1 f32) (param $b2 f32) (param $omb2 f32) (param $oma1 f32) (param $oma2 f32)
    (param $eps f32) (param $nlr f32) (param $lazy i32)
    (local $row4 i32) (local $u i32) (local $o i32)
    (local.set $row4 (i32.shl (local.get $h) (i32.const 2)))
    (if (i32.eqz (local.get $lazy)) (then
      (local.set $o (i32.mul (local.get $c) (local.get $row4)))
      (call $adam (i32.mul (i32.sub (local.get $ce) (local.get $c)) (local.get $h)) (i32.add (local.get $w) (local.get $o))
        (i32.add (local.get $w) (local.get $o)) (local.get $sp) (i32.add (local.get $m) (local.get $o)) (i32.add (local.get $v) (local.get $o))
        (local.get $l2) (local.get $b1) (local.get $omb1) (local.get $b2) (local.get $omb2) (local.get $oma1) (local.get $oma2)
        (local.get $eps) (local.get $nlr) (i32.const 0))
      (return)))
    (local.set $u (local.get $c))
    (block $rows (loop $next
      (br_if $rows (i32.ge_u (local.get $u) (local.get $ce)))
      (if (i32.ne (i32.load (i32.add (local.get $tptr) (i32.shl (local.get $u) (i32.const 2))))
            (i32.load offset=4 (i32.add (local.get $tptr) (i32.shl (local.get $u) (i32.const 2)))))
        (then
          (local.set $o (i32.mul (local.get $u) (local.get $row4)))
          (call $adamlazy (local.get $h) (i32.add (local.get $w) (local.get $o)) (i32.add (local.get $w) (local.get $o))
            (i32.add (local.get $sp) (i32.mul (i32.sub (local.get $u) (local.get $c)) (local.get $row4)))
            (i32.add (local.get $m) (local.get $o)) (i32.add (local.get $v) (local.get $o)) (local.get $l2) (local.get $b1)
            (local.get $omb1) (local.get $b2) (local.get $omb2) (local.get $oma1) (local.get $oma2) (local.get $eps) (local.get $nlr))))
      (local.set $u (i32.add (local.get $u) (i32.const 1)))
      (br $next))))

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
