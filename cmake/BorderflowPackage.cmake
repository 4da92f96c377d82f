# install(EXPORT) so that an outside project can find_package(borderflow) and
# link borderflow::pipeline and include <borderflow/analysis.hpp> (tests/package proves it).
include(CMakePackageConfigHelpers)
install(EXPORT borderflowTargets
        NAMESPACE borderflow::
        FILE borderflowTargets.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/borderflow)
configure_package_config_file(
  ${CMAKE_CURRENT_SOURCE_DIR}/cmake/borderflowConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/borderflowConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/borderflow)
write_basic_package_version_file(
  ${CMAKE_CURRENT_BINARY_DIR}/borderflowConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/borderflowConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/borderflowConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/borderflow)
