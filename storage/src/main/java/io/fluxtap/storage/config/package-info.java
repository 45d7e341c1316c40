/** Reading the storage module's configuration values that MicroProfile Config has no converter for. */
package io.fluxtap.storage.config;
