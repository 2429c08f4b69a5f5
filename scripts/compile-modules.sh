# Sourced by corpus-compile.sh and mutants-compile.sh: compiles generated clients, with
# warnings denied, as modules of one crate (one `cargo check`, not hundreds).

# new_crate DIR: an empty crate in DIR that depends on the runtime and denies warnings; its
# modules are added to DIR/src/lib.rs and listed, with their sources, in DIR/modules.tsv.
new_crate() {
  local work="$1"
  rm -rf "$work" && mkdir -p "$work/src"
  cat >"$work/Cargo.toml" <<TOML
[package]
name = "$(basename "$work")"
version = "0.0.0"
edition = "2024"
publish = false
[dependencies]
odata-runtime = { path = "$PWD/runtime" }
[workspace]
TOML
  echo '#![deny(warnings)]' >"$work/src/lib.rs"
  : >"$work/modules.tsv"
}

# check_modules DIR NAME: `cargo check`s the crate in DIR, prints "NAME: P passed, F failed"
# and the source of each module that does not compile; fails if any does, or if the crate
# fails outside its modules. Dependencies are built once, in target/corpus-target.
check_modules() {
  local work="$1" name="$2" failed total bad
  if (target="$PWD/target/corpus-target"; cd "$work" && CARGO_TARGET_DIR="$target" cargo check --quiet --message-format short) >"$work/check.log" 2>&1; then
    failed=""
  else
    failed=$(grep -o '^src/[a-z0-9_]*\.rs' "$work/check.log" | sort -u | sed 's|^src/||; s|\.rs$||' || true)
    [ -n "$failed" ] || { cat "$work/check.log"; echo "$name failed outside the generated modules"; return 1; }
  fi
  total=$(grep -c . "$work/modules.tsv" || true)
  bad=$(printf '%s\n' "$failed" | grep -c . || true)
  echo "$name: $((total - bad)) passed, $bad failed"
  for m in $failed; do
    echo "  does not compile: $(grep -P "^$m\t" "$work/modules.tsv" | cut -f2)"
  done
  [ "$bad" -eq 0 ]
}
