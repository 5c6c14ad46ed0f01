{
  # Configured and built by scripts/build.mjs, which decides the variables below
  # (where the sources are, which Lua, how libseccomp links) and passes them to
  # node-gyp; see docs/building.md.
  'variables': {
    # native/ beside this file in the published package, ../../native in a clone.
    'native_dir%': '../../native',
    # "bundled": the pinned Lua release built here from lua_dir, linked statically.
    # "system": the system's Lua 5.4 as pkg-config describes it (lua_cflags, lua_libs).
    'lua_mode%': 'bundled',
    'lua_dir%': '',
    'lua_cflags%': '',
    'lua_libs%': '',
    'seccomp_cflags%': '',
    'seccomp_libs%': '',
    # The C++ test program is built only where its sources are (a clone).
    'lua_config_header%': '',
    'native_tests%': 0,
    'golden_dir%': '',
    # The worker announces the version of the package that ships it.
    'worker_version': '<!(node -p "require(\'./package.json\').version")',
    # Lua is compiled with these options wherever it is built, the reference
    # interpreter included (with node-gyp's release optimisation, -O3): C99 with
    # POSIX, no dynamic loading, and
    # luaward_luaconf.h forced in (random hash seeds, keyed pointer hashing).
    'lua_defines': ['LUA_USE_POSIX'],
    'lua_c_flags': ['-std=gnu99', '-fPIC', '-fvisibility=hidden', '-include', '<(lua_config_header)'],
  },
  'target_defaults': {
    'defines': ['NAPI_VERSION=8'],
    'cflags': ['-Wall', '-Wextra', '-fvisibility=hidden', '-fPIC'],
    'cflags_cc': ['-std=c++17', '-fexceptions', '-fvisibility-inlines-hidden'],
    'cflags!': ['-fno-exceptions'],
    'cflags_cc!': ['-fno-exceptions', '-std=gnu++17', '-std=gnu++20'],
    'xcode_settings': {
      'GCC_ENABLE_CPP_EXCEPTIONS': 'YES',
      'GCC_SYMBOLS_PRIVATE_EXTERN': 'YES',
      'CLANG_CXX_LANGUAGE_STANDARD': 'c++17',
      'OTHER_CFLAGS': ['-Wall', '-Wextra'],
    },
    'conditions': [
      # Warnings are errors in a clone (where the tests are built), never in a
      # build from the published package: a newer compiler's new warning must
      # not fail an install. Lua's own targets take these flags off.
      ['native_tests==1', {
        'cflags': ['-Werror'],
        'xcode_settings': { 'GCC_TREAT_WARNINGS_AS_ERRORS': 'YES' },
      }],
    ],
  },
  'conditions': [
    ['lua_mode=="bundled"', {
      'targets': [
        {
          # The pinned Lua release, from the upstream tarball (never copied into the repo).
          'target_name': 'lua',
          'type': 'static_library',
          'defines': ['<@(lua_defines)'],
          'cflags': ['<@(lua_c_flags)'],
          'cflags!': ['-Wall', '-Wextra', '-Werror'],
          'xcode_settings': { 'OTHER_CFLAGS': ['<@(lua_c_flags)'], 'GCC_TREAT_WARNINGS_AS_ERRORS': 'NO' },
          'include_dirs': ['<(lua_dir)/src'],
          'sources': [
            '<(lua_dir)/src/lapi.c',
            '<(lua_dir)/src/lcode.c',
            '<(lua_dir)/src/lctype.c',
            '<(lua_dir)/src/ldebug.c',
            '<(lua_dir)/src/ldo.c',
            '<(lua_dir)/src/ldump.c',
            '<(lua_dir)/src/lfunc.c',
            '<(lua_dir)/src/lgc.c',
            '<(lua_dir)/src/llex.c',
            '<(lua_dir)/src/lmem.c',
            '<(lua_dir)/src/lobject.c',
            '<(lua_dir)/src/lopcodes.c',
            '<(lua_dir)/src/lparser.c',
            '<(lua_dir)/src/lstate.c',
            '<(lua_dir)/src/lstring.c',
            '<(native_dir)/src/lua/ltable_keyed.c',
            '<(lua_dir)/src/ltm.c',
            '<(lua_dir)/src/lundump.c',
            '<(lua_dir)/src/lvm.c',
            '<(lua_dir)/src/lzio.c',
            '<(lua_dir)/src/lauxlib.c',
            '<(lua_dir)/src/lbaselib.c',
            '<(lua_dir)/src/lcorolib.c',
            '<(lua_dir)/src/lmathlib.c',
            '<(lua_dir)/src/lstrlib.c',
            '<(lua_dir)/src/ltablib.c',
            '<(lua_dir)/src/lutf8lib.c',
            '<(native_dir)/src/lua/luaward_lua.c',
          ],
          'direct_dependent_settings': {
            'include_dirs': ['<(lua_dir)/src'],
          },
        },
        {
          # The stand-alone `lua` of the same release and options, as the
          # benchmarks' reference; never shipped.
          'target_name': 'lua-reference',
          'type': 'executable',
          'dependencies': ['lua'],
          'defines': ['<@(lua_defines)'],
          'cflags': ['<@(lua_c_flags)'],
          'cflags!': ['-Wall', '-Wextra', '-Werror'],
          'xcode_settings': { 'OTHER_CFLAGS': ['<@(lua_c_flags)'], 'GCC_TREAT_WARNINGS_AS_ERRORS': 'NO' },
          'sources': [
            '<(lua_dir)/src/lua.c',
            '<(lua_dir)/src/linit.c',
            '<(lua_dir)/src/ldblib.c',
            '<(lua_dir)/src/liolib.c',
            '<(lua_dir)/src/loadlib.c',
            '<(lua_dir)/src/loslib.c',
          ],
          'libraries': ['-lm'],
        },
      ],
    }],
    ['native_tests==1', {
      'targets': [
        {
          'target_name': 'luaward-native-tests',
          'type': 'executable',
          'dependencies': ['luaward_core', 'luaward_worker_objects'],
          'defines': ['MSGPACK_NO_BOOST', 'LUAWARD_GOLDEN_DIR="<(golden_dir)"'],
          'sources': [
            '<(native_dir)/test/check.cpp',
            '<(native_dir)/test/confine_test.cpp',
            '<(native_dir)/test/frame_channel_test.cpp',
            '<(native_dir)/test/golden_test.cpp',
            '<(native_dir)/test/host_messages_test.cpp',
            '<(native_dir)/test/input_reader_test.cpp',
            '<(native_dir)/test/json.cpp',
            '<(native_dir)/test/main.cpp',
            '<(native_dir)/test/utf8_test.cpp',
            '<(native_dir)/test/wire_item_test.cpp',
            '<(native_dir)/test/wire_items.cpp',
            '<(native_dir)/test/wire_value_test.cpp',
            '<(native_dir)/test/worker_messages_test.cpp',
          ],
        },
      ],
    }],
  ],
  'targets': [
    {
      # The Node-independent core, shared by the addon and the worker executable.
      'target_name': 'luaward_core',
      'type': 'static_library',
      'sources': [
        '<(native_dir)/src/core/allocator.cpp',
        '<(native_dir)/src/core/context.cpp',
        '<(native_dir)/src/core/conversion_budget.cpp',
        '<(native_dir)/src/core/convert.cpp',
        '<(native_dir)/src/core/coroutine_functions.cpp',
        '<(native_dir)/src/core/host_bridge.cpp',
        '<(native_dir)/src/core/instruction_budget.cpp',
        '<(native_dir)/src/core/interruption.cpp',
        '<(native_dir)/src/core/lua_state.cpp',
        '<(native_dir)/src/core/safe_tostring.cpp',
        '<(native_dir)/src/core/sandbox.cpp',
        '<(native_dir)/src/core/table_functions.cpp',
        '<(native_dir)/src/core/utf8.cpp',
        '<(native_dir)/src/core/value_path.cpp',
      ],
      'conditions': [
        ['lua_mode=="bundled"', {
          'dependencies': ['lua'],
          'export_dependent_settings': ['lua'],
        }, {
          'cflags': ['<@(lua_cflags)'],
          'xcode_settings': { 'OTHER_CFLAGS': ['<@(lua_cflags)'] },
          'direct_dependent_settings': {
            'cflags': ['<@(lua_cflags)'],
            'xcode_settings': { 'OTHER_CFLAGS': ['<@(lua_cflags)'] },
            'link_settings': { 'libraries': ['<@(lua_libs)'] },
          },
        }],
      ],
    },
    {
      'target_name': 'luaward_engine',
      'dependencies': ['luaward_core'],
      'include_dirs': ["<!(node -p \"require('node-addon-api').include_dir\")"],
      'defines': ['NAPI_CPP_EXCEPTIONS', 'NODE_ADDON_API_CPP_EXCEPTIONS_ALL'],
      'sources': [
        '<(native_dir)/src/addon/addon.cpp',
        '<(native_dir)/src/addon/engine_object.cpp',
        '<(native_dir)/src/addon/js_error.cpp',
        '<(native_dir)/src/addon/js_value.cpp',
      ],
    },
    {
      # Everything of the worker but main(), so the test program links the same objects.
      'target_name': 'luaward_worker_objects',
      'type': 'static_library',
      'dependencies': ['luaward_core'],
      'export_dependent_settings': ['luaward_core'],
      'defines': ['MSGPACK_NO_BOOST'],
      'sources': [
        '<(native_dir)/src/worker/confine.cpp',
        '<(native_dir)/src/worker/frame_buffer.cpp',
        '<(native_dir)/src/worker/frame_channel.cpp',
        '<(native_dir)/src/worker/host_messages.cpp',
        '<(native_dir)/src/worker/input_reader.cpp',
        '<(native_dir)/src/worker/request_loop.cpp',
        '<(native_dir)/src/worker/wire_error.cpp',
        '<(native_dir)/src/worker/wire_item.cpp',
        '<(native_dir)/src/worker/wire_value.cpp',
        '<(native_dir)/src/worker/worker_embedder.cpp',
        '<(native_dir)/src/worker/worker_exit.cpp',
        '<(native_dir)/src/worker/worker_messages.cpp',
      ],
      'conditions': [
        ['OS=="linux"', {
          'cflags': ['<@(seccomp_cflags)'],
          'link_settings': { 'libraries': ['<@(seccomp_libs)'] },
        }],
      ],
    },
    {
      # The worker executable: it needs nothing at run time beyond the C library.
      'target_name': 'luaward-worker',
      'type': 'executable',
      'dependencies': ['luaward_core', 'luaward_worker_objects'],
      'defines': ['MSGPACK_NO_BOOST', 'LUAWARD_WORKER_VERSION="<(worker_version)"'],
      'sources': ['<(native_dir)/src/worker/main.cpp'],
      'conditions': [
        ['OS=="linux"', { 'ldflags': ['-static-libstdc++', '-static-libgcc'] }],
      ],
    },
  ],
}
