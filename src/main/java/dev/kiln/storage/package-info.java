/**
 * Space on the disks that hold Kiln's folders: telling a write that failed because a disk
 * is full from other I/O failures ({@link dev.kiln.storage.StorageFullException}), and
 * the {@code storage} health component, which takes the node out of readiness while a
 * folder's disk has less free space than {@code kiln.storage.min-free-space}. Modules
 * name their folders as {@link dev.kiln.storage.StorageFolder} beans; this module uses
 * none.
 */
@ApplicationModule(allowedDependencies = {})
package dev.kiln.storage;

import org.springframework.modulith.ApplicationModule;
