# cmake -P script: install borderflow from BORDERFLOW_BINARY_DIR into WORK_DIR,
# build the consumer project against it with find_package, and run it.
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BORDERFLOW_BINARY_DIR}" --prefix "${WORK_DIR}/install"
                        --config "${BUILD_TYPE}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "install failed: ${rc}")
endif()
# A sanitizer build's static libraries need the sanitizer runtime at link time.
file(STRINGS "${BORDERFLOW_BINARY_DIR}/CMakeCache.txt" sanitize REGEX "^BORDERFLOW_SANITIZE:")
string(REGEX REPLACE "^[^=]*=" "" sanitize "${sanitize}")
set(link_flags "")
if(sanitize)
  set(link_flags "-fsanitize=${sanitize}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S "${PACKAGE_SOURCE_DIR}" -B "${WORK_DIR}/build"
                        "-DCMAKE_PREFIX_PATH=${WORK_DIR}/install" "-DCMAKE_EXE_LINKER_FLAGS=${link_flags}"
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the consumer with find_package(borderflow) failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK_DIR}/build" RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the consumer failed: ${rc}")
endif()
execute_process(COMMAND "${WORK_DIR}/build/consumer" "${WORK_DIR}" RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "the consumer gave the wrong answer: ${rc}")
endif()
