;; f64x2 SIMD versions of the L-BFGS vector passes (../lbfgs-passes.ts).
;; Rebuild lbfgs-f64x2.wasm from this file with `npm run build:wasm` (build.ts, wabt's wat2wasm).
;;
;; Pointers in bytes; n4 = the vector length rounded up to a multiple of 4, the vectors padded
;; with zeros beyond their length (padding contributes +-0 products, which change no sum).
;; Each dot product keeps two f64x2 accumulators: A holds the partial sums of the elements
;; i mod 4 = 0, 1 and B those of i mod 4 = 2, 3; the result is (A0 + B0) + (A1 + B1) =
;; (s0 + s2) + (s1 + s3), the order of the JavaScript passes, and wasm has no fused
;; multiply-add, so both give bit-identical results.
(module
  ;; The vectors live in a shared memory, so that an objective on a thread team reads the point in place.
  (import "env" "memory" (memory 1 65536 shared))

  ;; dir = gamma (dir + c v); returns dir . t. (gamma = 1 multiplies exactly.)
  (func (export "axpyDot")
    (param $gamma f64) (param $c f64) (param $v i32) (param $dir i32) (param $t i32) (param $n4 i32)
    (result f64)
    (local $end i32) (local $g v128) (local $cc v128) (local $q0 v128) (local $q1 v128)
    (local $a v128) (local $b v128)
    (local.set $g (f64x2.splat (local.get $gamma)))
    (local.set $cc (f64x2.splat (local.get $c)))
    (local.set $a (f64x2.splat (f64.const 0)))
    (local.set $b (local.get $a))
    (local.set $end (i32.add (local.get $dir) (i32.shl (local.get $n4) (i32.const 3))))
    (if (i32.lt_u (local.get $dir) (local.get $end))
      (then
        (loop $l
          (local.set $q0 (f64x2.mul (local.get $g)
            (f64x2.add (v128.load (local.get $dir)) (f64x2.mul (local.get $cc) (v128.load (local.get $v))))))
          (local.set $q1 (f64x2.mul (local.get $g)
            (f64x2.add (v128.load offset=16 (local.get $dir)) (f64x2.mul (local.get $cc) (v128.load offset=16 (local.get $v))))))
          (v128.store (local.get $dir) (local.get $q0))
          (v128.store offset=16 (local.get $dir) (local.get $q1))
          (local.set $a (f64x2.add (local.get $a) (f64x2.mul (v128.load (local.get $t)) (local.get $q0))))
          (local.set $b (f64x2.add (local.get $b) (f64x2.mul (v128.load offset=16 (local.get $t)) (local.get $q1))))
          (local.set $dir (i32.add (local.get $dir) (i32.const 32)))
          (local.set $v (i32.add (local.get $v) (i32.const 32)))
          (local.set $t (i32.add (local.get $t) (i32.const 32)))
          (br_if $l (i32.lt_u (local.get $dir) (local.get $end))))))
    (local.set $a (f64x2.add (local.get $a) (local.get $b)))
    (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a))))

  ;; dir = c g; returns dir . t.
  (func (export "scaleDot")
    (param $c f64) (param $src i32) (param $dir i32) (param $t i32) (param $n4 i32)
    (result f64)
    (local $end i32) (local $cc v128) (local $q0 v128) (local $q1 v128) (local $a v128) (local $b v128)
    (local.set $cc (f64x2.splat (local.get $c)))
    (local.set $a (f64x2.splat (f64.const 0)))
    (local.set $b (local.get $a))
    (local.set $end (i32.add (local.get $dir) (i32.shl (local.get $n4) (i32.const 3))))
    (if (i32.lt_u (local.get $dir) (local.get $end))
      (then
        (loop $l
          (local.set $q0 (f64x2.mul (local.get $cc) (v128.load (local.get $src))))
          (local.set $q1 (f64x2.mul (local.get $cc) (v128.load offset=16 (local.get $src))))
          (v128.store (local.get $dir) (local.get $q0))
          (v128.store offset=16 (local.get $dir) (local.get $q1))
          (local.set $a (f64x2.add (local.get $a) (f64x2.mul (v128.load (local.get $t)) (local.get $q0))))
          (local.set $b (f64x2.add (local.get $b) (f64x2.mul (v128.load offset=16 (local.get $t)) (local.get $q1))))
          (local.set $dir (i32.add (local.get $dir) (i32.const 32)))
          (local.set $src (i32.add (local.get $src) (i32.const 32)))
          (local.set $t (i32.add (local.get $t) (i32.const 32)))
          (br_if $l (i32.lt_u (local.get $dir) (local.get $end))))))
    (local.set $a (f64x2.add (local.get $a) (local.get $b)))
    (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a))))

  ;; returns a . b.
  (func (export "dot")
    (param $pa i32) (param $pb i32) (param $n4 i32)
    (result f64)
    (local $end i32) (local $a v128) (local $b v128)
    (local.set $a (f64x2.splat (f64.const 0)))
    (local.set $b (local.get $a))
    (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $n4) (i32.const 3))))
    (if (i32.lt_u (local.get $pa) (local.get $end))
      (then
        (loop $l
          (local.set $a (f64x2.add (local.get $a) (f64x2.mul (v128.load (local.get $pa)) (v128.load (local.get $pb)))))
          (local.set $b (f64x2.add (local.get $b) (f64x2.mul (v128.load offset=16 (local.get $pa)) (v128.load offset=16 (local.get $pb)))))
          (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
          (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
          (br_if $l (i32.lt_u (local.get $pa) (local.get $end))))))
    (local.set $a (f64x2.add (local.get $a) (local.get $b)))
    (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a))))

  ;; out = x + a dir (no reduction).
  (func (export "axpyInto")
    (param $x i32) (param $a f64) (param $dir i32) (param $out i32) (param $n4 i32)
    (local $end i32) (local $aa v128)
    (local.set $aa (f64x2.splat (local.get $a)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n4) (i32.const 3))))
    (if (i32.lt_u (local.get $out) (local.get $end))
      (then
        (loop $l
          (v128.store (local.get $out) (f64x2.add (v128.load (local.get $x)) (f64x2.mul (local.get $aa) (v128.load (local.get $dir)))))
          (v128.store offset=16 (local.get $out)
            (f64x2.add (v128.load offset=16 (local.get $x)) (f64x2.mul (local.get $aa) (v128.load offset=16 (local.get $dir)))))
          (local.set $x (i32.add (local.get $x) (i32.const 32)))
          (local.set $dir (i32.add (local.get $dir) (i32.const 32)))
          (local.set $out (i32.add (local.get $out) (i32.const 32)))
          (br_if $l (i32.lt_u (local.get $out) (local.get $end)))))))
  ;; s = xNew - x, y = gNew - g; returns s . y, y . y, gNew . gNew (each in the dot order above).
  ;; s may be x and y may be g: each pair of lanes is loaded before it is stored.
  (func (export "correctionPair")
    (param $xn i32) (param $x i32) (param $gn i32) (param $g i32) (param $s i32) (param $y i32) (param $n4 i32)
    (result f64 f64 f64)
    (local $end i32) (local $g0 v128) (local $g1 v128) (local $s0 v128) (local $s1 v128) (local $y0 v128) (local $y1 v128)
    (local $syA v128) (local $syB v128) (local $yyA v128) (local $yyB v128) (local $ggA v128) (local $ggB v128)
    (local.set $syA (f64x2.splat (f64.const 0)))
    (local.set $syB (local.get $syA))
    (local.set $yyA (local.get $syA))
    (local.set $yyB (local.get $syA))
    (local.set $ggA (local.get $syA))
    (local.set $ggB (local.get $syA))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n4) (i32.const 3))))
    (if (i32.lt_u (local.get $x) (local.get $end))
      (then
        (loop $l
          (local.set $g0 (v128.load (local.get $gn)))
          (local.set $g1 (v128.load offset=16 (local.get $gn)))
          (local.set $s0 (f64x2.sub (v128.load (local.get $xn)) (v128.load (local.get $x))))
          (local.set $s1 (f64x2.sub (v128.load offset=16 (local.get $xn)) (v128.load offset=16 (local.get $x))))
          (local.set $y0 (f64x2.sub (local.get $g0) (v128.load (local.get $g))))
          (local.set $y1 (f64x2.sub (local.get $g1) (v128.load offset=16 (local.get $g))))
          (v128.store (local.get $s) (local.get $s0))
          (v128.store offset=16 (local.get $s) (local.get $s1))
          (v128.store (local.get $y) (local.get $y0))
          (v128.store offset=16 (local.get $y) (local.get $y1))
          (local.set $syA (f64x2.add (local.get $syA) (f64x2.mul (local.get $s0) (local.get $y0))))
          (local.set $syB (f64x2.add (local.get $syB) (f64x2.mul (local.get $s1) (local.get $y1))))
          (local.set $yyA (f64x2.add (local.get $yyA) (f64x2.mul (local.get $y0) (local.get $y0))))
          (local.set $yyB (f64x2.add (local.get $yyB) (f64x2.mul (local.get $y1) (local.get $y1))))
          (local.set $ggA (f64x2.add (local.get $ggA) (f64x2.mul (local.get $g0) (local.get $g0))))
          (local.set $ggB (f64x2.add (local.get $ggB) (f64x2.mul (local.get $g1) (local.get $g1))))
          (local.set $xn (i32.add (local.get $xn) (i32.const 32)))
          (local.set $x (i32.add (local.get $x) (i32.const 32)))
          (local.set $gn (i32.add (local.get $gn) (i32.const 32)))
          (local.set $g (i32.add (local.get $g) (i32.const 32)))
          (local.set $s (i32.add (local.get $s) (i32.const 32)))
          (local.set $y (i32.add (local.get $y) (i32.const 32)))
          (br_if $l (i32.lt_u (local.get $x) (local.get $end))))))
    (local.set $syA (f64x2.add (local.get $syA) (local.get $syB)))
    (local.set $yyA (f64x2.add (local.get $yyA) (local.get $yyB)))
    (local.set $ggA (f64x2.add (local.get $ggA) (local.get $ggB)))
    (f64.add (f64x2.extract_lane 0 (local.get $syA)) (f64x2.extract_lane 1 (local.get $syA)))
    (f64.add (f64x2.extract_lane 0 (local.get $yyA)) (f64x2.extract_lane 1 (local.get $yyA)))
    (f64.add (f64x2.extract_lane 0 (local.get $ggA)) (f64x2.extract_lane 1 (local.get $ggA))))

)
