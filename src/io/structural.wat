;; The structural index of io/structural.ts: offsets of the bytes a CSV
;; scanner must look at, found 16 bytes at a time (WebAssembly SIMD).
;; Assembled into src/io/structural-wasm.ts by `npm run wasm` (wabt);
;; test/io/structural.test.ts checks that the embedded module is this text.
(module
  (memory (export "memory") 1)
  ;; index(len, delimiter, quote, out, base) -> count
  ;; Bytes [0, len) of memory are the input; [len, len + 16) must hold bytes
  ;; that are none of the ones looked for (the caller pads them). Writes, as
  ;; i32 from `out`, base + the offset of every byte that is the delimiter,
  ;; the quote, below 0x20 (CR, LF, control characters), above 0x7E (DEL and
  ;; every byte of a non-ASCII character) or `+`, in order; returns how many.
  (func (export "index") (param $len i32) (param $d i32) (param $q i32) (param $out i32) (param $base i32) (result i32)
    (local $i i32) (local $o i32) (local $m i32) (local $vd v128) (local $vq v128) (local $v v128)
    (local.set $vd (i8x16.splat (local.get $d)))
    (local.set $vq (i8x16.splat (local.get $q)))
    (local.set $o (local.get $out))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $v (v128.load (local.get $i)))
        ;; One bit per byte of the 16: set when the byte is one looked for.
        (local.set $m (i8x16.bitmask
          (v128.or
            (v128.or (i8x16.eq (local.get $v) (local.get $vd)) (i8x16.eq (local.get $v) (local.get $vq)))
            (v128.or
              (v128.or
                (i8x16.lt_u (local.get $v) (v128.const i8x16 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32 32))
                (i8x16.gt_u (local.get $v) (v128.const i8x16 126 126 126 126 126 126 126 126 126 126 126 126 126 126 126 126)))
              (i8x16.eq (local.get $v) (v128.const i8x16 43 43 43 43 43 43 43 43 43 43 43 43 43 43 43 43))))))
        ;; Each set bit, lowest first: its offset out.
        (block $bits
          (loop $each
            (br_if $bits (i32.eqz (local.get $m)))
            (i32.store (local.get $o) (i32.add (i32.add (local.get $base) (local.get $i)) (i32.ctz (local.get $m))))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (br $each)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $blocks)))
    (i32.shr_u (i32.sub (local.get $o) (local.get $out)) (i32.const 2))))
