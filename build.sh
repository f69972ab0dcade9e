#!/usr/bin/env bash
# build.sh — set up a Debian/Ubuntu machine, build sseadm, and run its tests or its demo.
#   ./build.sh          build (into build/)
#   ./build.sh test     build and run the whole suite (what CI runs)
#   ./build.sh demo     build and open the TUI on the built-in demo endpoint
#   ./build.sh clean    remove build directories
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
mode=${1:-build}
jobs=$(nproc 2>/dev/null || echo 2)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Debian packages the build, the tests and the demo need.
packages=(build-essential cmake pkg-config libncurses-dev libcurl4-openssl-dev libxml2-dev
          libssl-dev libconfig-dev libmicrohttpd-dev libjansson-dev tmux curl valgrind
          clang libclang-rt-14-dev gettext socat openssl locales man-db groff zsh
          debootstrap dpkg-dev file bash-completion)

install_deps() {
    local missing=() p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    # Node.js and npm run the official OSS SDK in the conformance test; a machine may already
    # have them from elsewhere (NodeSource), whose nodejs conflicts with Debian's npm.
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        missing+=(nodejs npm)
    fi
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    say "installing: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

configure_and_build() { # DIR [cmake args...]
    local dir=$1; shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSSE_WERROR=ON "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
}

case "$mode" in
build)
    install_deps
    configure_and_build build
    ;;
test)
    install_deps
    say "build (gcc, warnings are errors)"
    configure_and_build build
    say "test suite"
    ctest --test-dir build --output-on-failure -j "$jobs" --timeout 600
    # The same suite again with AddressSanitizer + UndefinedBehaviorSanitizer (clang), plus the
    # libFuzzer targets for a bounded time. valgrind cannot run on sanitized binaries.
    say "sanitizer build (clang, ASan + UBSan, fuzz targets)"
    CC=clang configure_and_build build-asan -DSSE_FUZZ=ON -DSSE_SANITIZE=address,undefined \
        -DCMAKE_BUILD_TYPE=Debug
    say "test suite under ASan + UBSan, and fuzzing"
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions=$here/tests/fuzz/lsan.supp \
        ctest --test-dir build-asan --output-on-failure -j "$jobs" --timeout 600 \
        -E '(valgrind|conformance|package)'
    # ThreadSanitizer over the code that has threads: the worker, and ossemu's thread pool.
    say "thread sanitizer build (clang, TSan)"
    CC=clang configure_and_build build-tsan -DSSE_SANITIZE=thread -DCMAKE_BUILD_TYPE=Debug
    say "worker, CLI and endpoint under TSan"
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
        ctest --test-dir build-tsan --output-on-failure -j "$jobs" --timeout 600 \
        -R '^protocol\.t_(worker|cli|cli_faults|cli_fleet|cli_throttle|cli_discovery|endpoint)$'
    ;;
demo)
    install_deps
    configure_and_build build
    exec bash "$here/demo/run.sh" "$here/build"
    ;;
clean)
    rm -rf build build-*
    ;;
*)
    echo "usage: ./build.sh [build|test|demo|clean]" >&2
    exit 2
    ;;
esac
