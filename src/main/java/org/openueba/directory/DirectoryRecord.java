package org.openueba.directory;

/**
 * One parsed directory line (pure value; null = not given).
 *
 * @param timeZone a valid IANA zone id, checked by the parser
 */
public record DirectoryRecord(String id, String displayName, String email, String department, String role,
                              String supervisor, String timeZone, String businessUnit, String functionalUnit,
                              String team) {
}
