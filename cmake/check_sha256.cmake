# Fails unless FILE has the SHA-256 digest SHA256.
file(SHA256 "${FILE}" _got)
if(NOT _got STREQUAL SHA256)
  file(REMOVE "${FILE}")
  message(FATAL_ERROR "${FILE}: SHA-256 ${_got}, expected ${SHA256}; the download differs from the pinned version")
endif()
