"""The core: the kit every app builds on (publishing, images, storage, throttling, text,
CSV, shared fields, admin and view mixins). It imports no app: see docs/architecture.md."""
