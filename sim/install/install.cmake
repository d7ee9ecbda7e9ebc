# What `cmake --install` puts under the prefix (included by the top CMakeLists.txt).
include(CMakePackageConfigHelpers)

set(HEARSAY_PYTHON_INSTALL_DIR "lib/python3/dist-packages" CACHE STRING
  "Where `cmake --install` puts the Python package hearsay (relative to the prefix)")
set(hearsay_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/hearsay)

# The engine: static libraries exported as hearsay::sim, hearsay::models, hearsay::registry.
set_target_properties(hearsay_sim PROPERTIES EXPORT_NAME sim)
set_target_properties(hearsay_models PROPERTIES EXPORT_NAME models)
set_target_properties(hearsay_registry PROPERTIES EXPORT_NAME registry)
set_target_properties(hearsay_random123 PROPERTIES EXPORT_NAME random123)
install(TARGETS hearsay_sim hearsay_models hearsay_registry hearsay_random123
  EXPORT hearsayTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sim/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/sim
  FILES_MATCHING PATTERN "*.hpp"
  PATTERN "app" EXCLUDE PATTERN "python" EXCLUDE PATTERN "install" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/models/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/models
  FILES_MATCHING PATTERN "*.hpp")
install(EXPORT hearsayTargets NAMESPACE hearsay:: DESTINATION ${hearsay_cmake_dir})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/hearsayConfig.cmake.in
  ${PROJECT_BINARY_DIR}/hearsayConfig.cmake INSTALL_DESTINATION ${hearsay_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/hearsayConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/hearsayConfig.cmake
  ${PROJECT_BINARY_DIR}/hearsayConfigVersion.cmake DESTINATION ${hearsay_cmake_dir})
# Relocatable: the prefix is found from the .pc file's own folder (cmake --install --prefix).
file(RELATIVE_PATH hearsay_pc_to_prefix /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
string(REGEX REPLACE "/$" "" hearsay_pc_to_prefix "${hearsay_pc_to_prefix}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/hearsay.pc.in ${PROJECT_BINARY_DIR}/hearsay.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/hearsay.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The command line, its man page (help2man, from --help, at build time) and bash completion.
install(TARGETS hearsay RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
find_program(HELP2MAN_EXECUTABLE help2man)
# Not from instrumented builds: a sanitizer's report at exit would fail the build.
if(HELP2MAN_EXECUTABLE AND NOT HEARSAY_SANITIZE AND NOT HEARSAY_TSAN AND NOT HEARSAY_FUZZ)
  add_custom_command(OUTPUT ${PROJECT_BINARY_DIR}/man/hearsay.1
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND ${HELP2MAN_EXECUTABLE} --no-info --section=1
      "--name=exact discrete-event simulation of word of mouth on social networks"
      --output=${PROJECT_BINARY_DIR}/man/hearsay.1 $<TARGET_FILE:hearsay>
    DEPENDS hearsay
    COMMENT "Writing the man page (help2man)")
  add_custom_target(hearsay_man ALL DEPENDS ${PROJECT_BINARY_DIR}/man/hearsay.1)
  install(FILES ${PROJECT_BINARY_DIR}/man/hearsay.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  set(hearsay_man_page ON)
elseif(NOT HELP2MAN_EXECUTABLE)
  message(STATUS "hearsay: help2man not found: no man page (apt-get install help2man)")
endif()
install(FILES ${CMAKE_CURRENT_LIST_DIR}/hearsay.bash-completion
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME hearsay)

# The Python package, with the compiled module beside its sources (where _native.py looks).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/analysis/hearsay DESTINATION ${HEARSAY_PYTHON_INSTALL_DIR}
  PATTERN "__pycache__" EXCLUDE PATTERN "*.pyc" EXCLUDE)
if(hearsay_python)
  install(TARGETS hearsay_python LIBRARY DESTINATION ${HEARSAY_PYTHON_INSTALL_DIR}/hearsay)
endif()
