{
  # The worker executable and its C++ test program, included by
  # packages/engine/binding.gyp so they are built with the addon and share its
  # `luaward_core` target. Paths here are relative to this file.
  'variables': {
    # The worker announces the version of the package that ships it.
    'worker_version': '<!(node -p "require(\'./package.json\').version")',
    # The test program checks the protocol's golden vectors from here.
    'golden_dir': '<!(node -p "require(\'node:path\').resolve(\'../protocol/golden\')")',
  },
  'target_defaults': {
    'defines': ['MSGPACK_NO_BOOST'],
  },
  'targets': [
    {
      # Everything but main(), so the test program links the same objects.
      'target_name': 'luaward_worker_objects',
      'type': 'static_library',
      'dependencies': ['luaward_core'],
      'sources': [
        'confine.cpp',
        'frame_buffer.cpp',
        'frame_channel.cpp',
        'input_reader.cpp',
        'messages.cpp',
        'request_loop.cpp',
        'wire_value.cpp',
        'worker_exit.cpp',
        'worker_host.cpp',
      ],
      'conditions': [
        ['OS=="linux"', {
          'cflags': ['<!@(pkg-config --cflags libseccomp)'],
          'link_settings': { 'libraries': ['<!@(pkg-config --libs libseccomp)'] },
        }],
      ],
    },
    {
      'target_name': 'luaward-worker',
      'type': 'executable',
      'dependencies': ['luaward_core', 'luaward_worker_objects'],
      'defines': ['LUAWARD_WORKER_VERSION="<(worker_version)"'],
      'sources': ['main.cpp'],
    },
    {
      'target_name': 'luaward-native-tests',
      'type': 'executable',
      'dependencies': ['luaward_core', 'luaward_worker_objects'],
      'defines': ['LUAWARD_GOLDEN_DIR="<(golden_dir)"'],
      'sources': [
        '../../test/check.cpp',
        '../../test/confine_test.cpp',
        '../../test/frame_channel_test.cpp',
        '../../test/golden_test.cpp',
        '../../test/input_reader_test.cpp',
        '../../test/json.cpp',
        '../../test/main.cpp',
        '../../test/wire_items.cpp',
        '../../test/wire_value_test.cpp',
      ],
    },
  ],
}
