package org.strowger.demo;

/** Runs the TCK subclass that docs/spi-guide.md shows, so the guide's example tech is proven to pass it. */
class EchoTechTckTest extends EchoTechTck {
}
