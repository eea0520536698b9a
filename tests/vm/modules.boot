# Modules vmrun puts into the initramfs (with their dependencies): what the
# first stage needs to reach the host root over 9p and build the overlays.
virtio_pci
9pnet_virtio
9p
overlay
