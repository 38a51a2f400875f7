# Thin front end over CMake (as cmark does). `make` builds, `make test` runs the tests.
BUILD ?= build
JOBS ?= 2
.PHONY: all install test asan fuzz fuzz-ci fuzz-long bench leakcheck format lint clean

all:
	cmake -S . -B $(BUILD) && cmake --build $(BUILD) -j$(JOBS)

# the binary, parley(1) and the bash completion; PREFIX (default /usr/local) and DESTDIR as usual
PREFIX ?= /usr/local
install: all
	cmake --install $(BUILD) --prefix $(PREFIX)

test: all
	ctest --test-dir $(BUILD) --output-on-failure

asan:
	CC=clang cmake -S . -B build-asan -DPARLEY_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug && \
	  cmake --build build-asan -j$(JOBS) && ASAN_OPTIONS=detect_leaks=1 ctest --test-dir build-asan --output-on-failure

fuzz:
	CC=clang cmake -S . -B build-fuzz -DPARLEY_FUZZ=ON -DPARLEY_SANITIZE=address,undefined -DBUILD_TESTING=OFF && \
	  cmake --build build-fuzz -j$(JOBS)
	@echo "run e.g.: build-fuzz/fuzz/text_fuzzer fuzz/corpora/text -max_total_time=60"

# every target for 60 s (what .ci/run does), or for an hour each; crash inputs land in fuzz/corpora/<target>/
fuzz-ci: fuzz
	sh scripts/fuzz.sh 60

fuzz-long: fuzz
	sh scripts/fuzz.sh 3600

bench: all
	for b in $(BUILD)/bench/bench_*; do [ -x "$$b" ] && "$$b"; done

leakcheck: all
	ctest --test-dir $(BUILD) -T memcheck --overwrite MemoryCheckCommandOptions="--error-exitcode=1 --leak-check=full"

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

lint: all
	clang-tidy -p $(BUILD) $$(git ls-files 'src/*.c' 'cli/*.c')

clean:
	rm -rf $(BUILD) build-asan build-fuzz
