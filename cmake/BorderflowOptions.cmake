# One INTERFACE target that carries the language standard, warnings and
# sanitizer flags; every borderflow target links it privately.
add_library(borderflow_options INTERFACE)
add_library(borderflow::options ALIAS borderflow_options)
target_compile_features(borderflow_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

target_compile_options(borderflow_options INTERFACE
  $<BUILD_INTERFACE:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
                    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
                    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough>)
if(BORDERFLOW_WARNINGS_AS_ERRORS)
  target_compile_options(borderflow_options INTERFACE $<BUILD_INTERFACE:-Werror>)
endif()
# The engine uses only GEOS's reentrant C API.
target_compile_definitions(borderflow_options INTERFACE $<BUILD_INTERFACE:GEOS_USE_ONLY_R_API>)

if(BORDERFLOW_SANITIZE)
  string(REPLACE "," ";" _bf_sanitizers "${BORDERFLOW_SANITIZE}")
  foreach(_s IN LISTS _bf_sanitizers)
    target_compile_options(borderflow_options INTERFACE $<BUILD_INTERFACE:-fsanitize=${_s}>)
    target_link_options(borderflow_options INTERFACE $<BUILD_INTERFACE:-fsanitize=${_s}>)
  endforeach()
  target_compile_options(borderflow_options INTERFACE
    $<BUILD_INTERFACE:-fno-omit-frame-pointer -fno-sanitize-recover=all>)
endif()

if(BORDERFLOW_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "BORDERFLOW_BUILD_FUZZERS needs clang (CXX=clang++); scripts/fuzz.sh sets it up")
  endif()
  # Coverage instrumentation for libFuzzer in every borderflow target; the
  # fuzz executables add -fsanitize=fuzzer (libFuzzer's main) at link time.
  target_compile_options(borderflow_options INTERFACE $<BUILD_INTERFACE:-fsanitize=fuzzer-no-link>)
  target_link_options(borderflow_options INTERFACE $<BUILD_INTERFACE:-fsanitize=fuzzer-no-link>)
endif()

install(TARGETS borderflow_options EXPORT borderflowTargets)
