package org.openueba.directory;

/** Fired by a directory import; observers that cache directory fields reload them after its commit. */
public record DirectoryChanged(long imported) {
}
