package com.acme.ledger;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

class AccountServiceTest {
    @Test
    void buildsOnADataSource() {
        assertNotNull(new AccountService(null));
    }
}
