;; f64x2 SIMD block product for the ufm-ce kernels (../ufm-ce-kernels.ts).
;; Rebuild gemm-f64x2.wasm from this file with `npm run build:wasm` (build.ts, wabt's wat2wasm).
;;
;;   C[r, c] (=|+=) sum over passes p, sum_{t < inner} A_p[r*ars + t*ats] * B_p[t*bs + c]
;;
;; for r < rows, c < cols (both multiples of 4), strides in float64 elements, pointers in bytes.
;; One kernel serves the three products of a block: W H (ars = d4, ats = 1), W^T G (ars = 1,
;; ats = d4) and G H^T (with H stored transposed: ars = ld, ats = 1, acc = 1).
;; Each 4 x 4 tile of C is held in 8 f64x2 accumulators; B's row is two vector loads and each
;; A entry one splat. The summation order is the JavaScript kernel's (one accumulator per entry
;; of C, t ascending, pass 0 then pass 1, then one add into C when acc = 1) and wasm has no
;; fused multiply-add, so the results are bit-identical to the scalar kernels.
(module
  (memory (export "memory") 1)
  (func (export "gemm")
    (param $rows i32) (param $cols i32) (param $inner i32)
    (param $A i32) (param $ars i32) (param $ats i32)
    (param $B i32) (param $bs i32)
    (param $C i32) (param $cs i32) (param $acc i32)
    (param $A2 i32) (param $B2 i32) (param $passes i32)
    (local $r i32) (local $c i32) (local $t i32) (local $pass i32)
    (local $pa0 i32) (local $pa1 i32) (local $pa2 i32) (local $pa3 i32) (local $pb i32) (local $pc i32)
    (local $w v128) (local $b0 v128) (local $b1 v128)
    (local $c0a v128) (local $c0b v128) (local $c1a v128) (local $c1b v128)
    (local $c2a v128) (local $c2b v128) (local $c3a v128) (local $c3b v128)
    (if (i32.or (i32.or (i32.le_s (local.get $rows) (i32.const 0)) (i32.le_s (local.get $cols) (i32.const 0)))
                (i32.le_s (local.get $inner) (i32.const 0)))
      (then (return)))
    ;; strides to bytes
    (local.set $ars (i32.shl (local.get $ars) (i32.const 3)))
    (local.set $ats (i32.shl (local.get $ats) (i32.const 3)))
    (local.set $bs (i32.shl (local.get $bs) (i32.const 3)))
    (local.set $cs (i32.shl (local.get $cs) (i32.const 3)))
    (local.set $r (i32.const 0))
    (loop $rowTiles
      (local.set $c (i32.const 0))
      (loop $colTiles
        (local.set $c0a (f64x2.splat (f64.const 0))) (local.set $c0b (local.get $c0a))
        (local.set $c1a (local.get $c0a)) (local.set $c1b (local.get $c0a))
        (local.set $c2a (local.get $c0a)) (local.set $c2b (local.get $c0a))
        (local.set $c3a (local.get $c0a)) (local.set $c3b (local.get $c0a))
        (local.set $pass (i32.const 0))
        (loop $passes
          (local.set $pa0 (i32.add (select (local.get $A2) (local.get $A) (local.get $pass))
                                   (i32.mul (local.get $r) (local.get $ars))))
          (local.set $pa1 (i32.add (local.get $pa0) (local.get $ars)))
          (local.set $pa2 (i32.add (local.get $pa1) (local.get $ars)))
          (local.set $pa3 (i32.add (local.get $pa2) (local.get $ars)))
          (local.set $pb (i32.add (select (local.get $B2) (local.get $B) (local.get $pass))
                                  (i32.shl (local.get $c) (i32.const 3))))
          (local.set $t (local.get $inner))
          (loop $inner
            (local.set $b0 (v128.load align=8 (local.get $pb)))
            (local.set $b1 (v128.load offset=16 align=8 (local.get $pb)))
            (local.set $w (f64x2.splat (f64.load (local.get $pa0))))
            (local.set $c0a (f64x2.add (local.get $c0a) (f64x2.mul (local.get $w) (local.get $b0))))
            (local.set $c0b (f64x2.add (local.get $c0b) (f64x2.mul (local.get $w) (local.get $b1))))
            (local.set $w (f64x2.splat (f64.load (local.get $pa1))))
            (local.set $c1a (f64x2.add (local.get $c1a) (f64x2.mul (local.get $w) (local.get $b0))))
            (local.set $c1b (f64x2.add (local.get $c1b) (f64x2.mul (local.get $w) (local.get $b1))))
            (local.set $w (f64x2.splat (f64.load (local.get $pa2))))
            (local.set $c2a (f64x2.add (local.get $c2a) (f64x2.mul (local.get $w) (local.get $b0))))
            (local.set $c2b (f64x2.add (local.get $c2b) (f64x2.mul (local.get $w) (local.get $b1))))
            (local.set $w (f64x2.splat (f64.load (local.get $pa3))))
            (local.set $c3a (f64x2.add (local.get $c3a) (f64x2.mul (local.get $w) (local.get $b0))))
            (local.set $c3b (f64x2.add (local.get $c3b) (f64x2.mul (local.get $w) (local.get $b1))))
            (local.set $pa0 (i32.add (local.get $pa0) (local.get $ats)))
            (local.set $pa1 (i32.add (local.get $pa1) (local.get $ats)))
            (local.set $pa2 (i32.add (local.get $pa2) (local.get $ats)))
            (local.set $pa3 (i32.add (local.get $pa3) (local.get $ats)))
            (local.set $pb (i32.add (local.get $pb) (local.get $bs)))
            (local.set $t (i32.sub (local.get $t) (i32.const 1)))
            (br_if $inner (local.get $t)))
          (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
          (br_if $passes (i32.lt_s (local.get $pass) (local.get $passes))))
        (local.set $pc (i32.add (i32.add (local.get $C) (i32.mul (local.get $r) (local.get $cs)))
                                (i32.shl (local.get $c) (i32.const 3))))
        (if (local.get $acc)
          (then
            (local.set $c0a (f64x2.add (v128.load align=8 (local.get $pc)) (local.get $c0a)))
            (local.set $c0b (f64x2.add (v128.load offset=16 align=8 (local.get $pc)) (local.get $c0b)))
            (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
            (local.set $c1a (f64x2.add (v128.load align=8 (local.get $pc)) (local.get $c1a)))
            (local.set $c1b (f64x2.add (v128.load offset=16 align=8 (local.get $pc)) (local.get $c1b)))
            (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
            (local.set $c2a (f64x2.add (v128.load align=8 (local.get $pc)) (local.get $c2a)))
            (local.set $c2b (f64x2.add (v128.load offset=16 align=8 (local.get $pc)) (local.get $c2b)))
            (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
            (local.set $c3a (f64x2.add (v128.load align=8 (local.get $pc)) (local.get $c3a)))
            (local.set $c3b (f64x2.add (v128.load offset=16 align=8 (local.get $pc)) (local.get $c3b)))
            (local.set $pc (i32.add (i32.add (local.get $C) (i32.mul (local.get $r) (local.get $cs)))
                                    (i32.shl (local.get $c) (i32.const 3))))))
        (v128.store align=8 (local.get $pc) (local.get $c0a))
        (v128.store offset=16 align=8 (local.get $pc) (local.get $c0b))
        (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
        (v128.store align=8 (local.get $pc) (local.get $c1a))
        (v128.store offset=16 align=8 (local.get $pc) (local.get $c1b))
        (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
        (v128.store align=8 (local.get $pc) (local.get $c2a))
        (v128.store offset=16 align=8 (local.get $pc) (local.get $c2b))
        (local.set $pc (i32.add (local.get $pc) (local.get $cs)))
        (v128.store align=8 (local.get $pc) (local.get $c3a))
        (v128.store offset=16 align=8 (local.get $pc) (local.get $c3b))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br_if $colTiles (i32.lt_s (local.get $c) (local.get $cols))))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br_if $rowTiles (i32.lt_s (local.get $r) (local.get $rows)))))

  ;; Z[k*ld + j] = exp(Z[k*ld + j] - mx[j]) and sum[j] += that, for k < K and j < nb rounded up
  ;; to even (pointers in bytes): the exponential pass of the softmax. exp is fdlibm's
  ;; __ieee754_exp (e_exp.c, the algorithm and constants of V8's Math.exp) evaluated two lanes at
  ;; a time, with its branches as lane selects: k = 0 below |x| = 0.5 ln2 (fdlibm's high-word
  ;; test), 1 + x below 2^-28, 0 below the underflow threshold, the scaling by 2^k in two steps
  ;; (2^(k+1000) 2^-1000) where k < -1021. For x <= 0, the softmax's range, this is fdlibm's
  ;; result bit for bit (tests/problems/wasm/gemm-f64x2.test.ts checks it against Math.exp);
  ;; x > 709.08 (k = 1024) is not handled.
  (func (export "expShiftRows")
    (param $Z i32) (param $ld i32) (param $K i32) (param $nb i32) (param $mx i32) (param $sum i32)
    (local $k i32) (local $j i32) (local $pz i32) (local $pj i32)
    (local $x v128) (local $ax v128) (local $t v128) (local $ki v128) (local $hi v128) (local $lo v128)
    (local $r v128) (local $rr v128) (local $c v128) (local $y v128) (local $e v128)
    (local.set $ld (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $k (i32.const 0))
    (block $done
      (br_if $done (i32.or (i32.le_s (local.get $K) (i32.const 0)) (i32.le_s (local.get $nb) (i32.const 0))))
      (loop $rows
        (local.set $pz (i32.add (local.get $Z) (i32.mul (local.get $k) (local.get $ld))))
        (local.set $j (i32.const 0))
        (loop $cols
          (local.set $pj (i32.shl (local.get $j) (i32.const 3)))
          (local.set $x (f64x2.sub (v128.load align=8 (i32.add (local.get $pz) (local.get $pj)))
                                   (v128.load align=8 (i32.add (local.get $mx) (local.get $pj)))))
          (local.set $ax (f64x2.abs (local.get $x)))
          ;; t = (double)(int)(invln2 x + halF[sign]), 0 where |x| < 0x3fd62e43 00000000
          (local.set $t (f64x2.trunc (f64x2.add (f64x2.mul (local.get $x) (f64x2.splat (f64.const 0x1.71547652b82fep+0)))
            (v128.bitselect (f64x2.splat (f64.const -0.5)) (f64x2.splat (f64.const 0.5))
                            (f64x2.lt (local.get $x) (f64x2.splat (f64.const 0)))))))
          (local.set $t (v128.andnot (local.get $t)
            (f64x2.lt (local.get $ax) (v128.const i64x2 0x3fd62e4300000000 0x3fd62e4300000000))))
          (local.set $hi (f64x2.sub (local.get $x) (f64x2.mul (local.get $t) (f64x2.splat (f64.const 0x1.62e42feep-1)))))
          (local.set $lo (f64x2.mul (local.get $t) (f64x2.splat (f64.const 0x1.a39ef35793c76p-33))))
          (local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
          (local.set $rr (f64x2.mul (local.get $r) (local.get $r)))
          ;; c = r - rr (P1 + rr (P2 + rr (P3 + rr (P4 + rr P5))))
          (local.set $c (f64x2.mul (local.get $rr) (f64x2.splat (f64.const 0x1.6376972bea4d0p-25))))
          (local.set $c (f64x2.mul (local.get $rr) (f64x2.add (f64x2.splat (f64.const -0x1.bbd41c5d26bf1p-20)) (local.get $c))))
          (local.set $c (f64x2.mul (local.get $rr) (f64x2.add (f64x2.splat (f64.const 0x1.1566aaf25de2cp-14)) (local.get $c))))
          (local.set $c (f64x2.mul (local.get $rr) (f64x2.add (f64x2.splat (f64.const -0x1.6c16c16bebd93p-9)) (local.get $c))))
          (local.set $c (f64x2.sub (local.get $r)
            (f64x2.mul (local.get $rr) (f64x2.add (f64x2.splat (f64.const 0x1.555555555553ep-3)) (local.get $c)))))
          ;; y = 1 - ((lo - (r c) / (2 - c)) - hi)
          (local.set $y (f64x2.sub (f64x2.splat (f64.const 1))
            (f64x2.sub (f64x2.sub (local.get $lo)
                                  (f64x2.div (f64x2.mul (local.get $r) (local.get $c))
                                             (f64x2.sub (f64x2.splat (f64.const 2)) (local.get $c))))
                       (local.get $hi))))
          ;; k as i64 lanes (|k| < 1100 here; NaN lanes give 0 and stay NaN through y)
          (local.set $ki (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $t))))
          ;; y 2^k where k >= -1021, else y 2^(k+1000) 2^-1000
          (local.set $e (v128.bitselect
            (f64x2.mul (f64x2.mul (local.get $y)
                         (i64x2.shl (i64x2.add (local.get $ki) (i64x2.splat (i64.const 2023))) (i32.const 52)))
                       (f64x2.splat (f64.const 0x1p-1000)))
            (f64x2.mul (local.get $y)
                       (i64x2.shl (i64x2.add (local.get $ki) (i64x2.splat (i64.const 1023))) (i32.const 52)))
            (i64x2.lt_s (local.get $ki) (i64x2.splat (i64.const -1021)))))
          ;; |x| < 2^-28: 1 + x; x < u_threshold (and -inf): 0
          (local.set $e (v128.bitselect (f64x2.add (f64x2.splat (f64.const 1)) (local.get $x)) (local.get $e)
            (f64x2.lt (local.get $ax) (f64x2.splat (f64.const 0x1p-28)))))
          (local.set $e (v128.andnot (local.get $e)
            (f64x2.lt (local.get $x) (f64x2.splat (f64.const -0x1.74910d52d3051p+9)))))
          (v128.store align=8 (i32.add (local.get $pz) (local.get $pj)) (local.get $e))
          (v128.store align=8 (i32.add (local.get $sum) (local.get $pj))
            (f64x2.add (v128.load align=8 (i32.add (local.get $sum) (local.get $pj))) (local.get $e)))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br_if $cols (i32.lt_s (local.get $j) (local.get $nb))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br_if $rows (i32.lt_s (local.get $k) (local.get $K))))))
)
