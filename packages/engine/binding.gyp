{
  # Built by tools/build-native.mjs (node-gyp). Lua is the system's Lua 5.4,
  # linked as a shared library: Debian's static liblua5.4.a is not PIC.
  'includes': ['../../native/src/worker/worker.gypi'],
  'variables': {
    'lua_cflags': '<!(pkg-config --cflags lua5.4)',
    'lua_libs': '<!(pkg-config --libs lua5.4)',
    'core_dir': '../../native/src/core',
    'addon_dir': '../../native/src/addon',
  },
  'target_defaults': {
    'defines': ['NAPI_VERSION=8'],
    'cflags': ['-Wall', '-Wextra', '-fvisibility=hidden', '-fPIC', '<@(lua_cflags)'],
    'cflags_cc': ['-std=c++17', '-fexceptions', '-fvisibility-inlines-hidden'],
    'cflags!': ['-fno-exceptions'],
    'cflags_cc!': ['-fno-exceptions', '-std=gnu++17', '-std=gnu++20'],
    'xcode_settings': {
      'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
      'GCC_SYMBOLS_PRIVATE_EXTERN': 'YES',
      'CLANG_CXX_LANGUAGE_STANDARD': 'c++17',
      'OTHER_CFLAGS': ['-Wall', '-Wextra', '<@(lua_cflags)'],
    },
  },
  'targets': [
    {
      # The Node-independent core, shared with the worker executable.
      'target_name': 'luaward_core',
      'type': 'static_library',
      'sources': [
        '<(core_dir)/allocator.cpp',
        '<(core_dir)/context.cpp',
        '<(core_dir)/conversion_budget.cpp',
        '<(core_dir)/convert.cpp',
        '<(core_dir)/coroutine_functions.cpp',
        '<(core_dir)/host_bridge.cpp',
        '<(core_dir)/instruction_budget.cpp',
        '<(core_dir)/interruption.cpp',
        '<(core_dir)/lua_state.cpp',
        '<(core_dir)/safe_tostring.cpp',
        '<(core_dir)/sandbox.cpp',
        '<(core_dir)/table_functions.cpp',
        '<(core_dir)/utf8.cpp',
        '<(core_dir)/value_path.cpp',
      ],
      'direct_dependent_settings': {
        'link_settings': { 'libraries': ['<@(lua_libs)'] },
      },
    },
    {
      'target_name': 'luaward_engine',
      'dependencies': ['luaward_core'],
      'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
      'defines': ['NAPI_CPP_EXCEPTIONS', 'NODE_ADDON_API_CPP_EXCEPTIONS_ALL'],
      'sources': [
        '<(addon_dir)/addon.cpp',
        '<(addon_dir)/engine_object.cpp',
        '<(addon_dir)/js_error.cpp',
        '<(addon_dir)/js_value.cpp',
      ],
    },
  ],
}
