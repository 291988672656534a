package dev.kiln.webhooks.internal;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

interface WebhookSecretRepository extends JpaRepository<WebhookSecret, UUID> {

}
