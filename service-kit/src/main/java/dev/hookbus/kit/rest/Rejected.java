package dev.hookbus.kit.rest;

/** Fired (CDI event) for every error answer, so a service can count its refusals by code. */
public record Rejected(int status, String code) {
}
