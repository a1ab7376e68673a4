{
  "targets": [
    {
      "target_name": "ptpcam",
      "sources": [
        "src/native/addon.cc",
        "src/native/action_wrap.cc",
        "src/native/camera_api.cc",
        "src/native/js_convert.cc",
        "src/native/latch_wrap.cc",
        "src/native/napi_errors.cc",
        "src/native/core/action/action_engine.cc",
        "src/native/core/action/action_sender.cc",
        "src/native/core/action/action_targets.cc",
        "src/native/core/action/frame_matcher.cc",
        "src/native/core/camera_driver.cc",
        "src/native/core/camera_registry.cc",
        "src/native/core/cpu_availability.cc",
        "src/native/core/driver_factory.cc",
        "src/native/core/latch/latch_engine.cc",
        "src/native/core/sim/sim_action.cc",
        "src/native/core/sim/sim_camera.cc",
        "src/native/core/sim/sim_driver.cc",
        "src/native/core/aravis/aravis_api.cc",
        "src/native/core/aravis/aravis_driver.cc",
        "src/native/core/aravis/direct_command.cc",
        "src/native/core/aravis/stream_channel_snapshot.cc",
        "src/native/core/ic4/ic4_driver.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "defines": ["NAPI_VERSION=8", "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-fvisibility=hidden"],
      "libraries": ["-ldl", "-lpthread"]
    }
  ]
}
